"""The fast token walk (doc.tokens(): chunks of rd_token_records and the
native Token base) gives exactly what the attribute path gives, keeps the
document alive, and a read of the annotate stage alone does only that."""
import gc
import os

import pytest

import libreader
from libreader import native as _n
from conftest import ARTICLE

FIELDS = ("surface", "reading", "lemma", "pos", "start", "end", "flags", "kind", "text")


@pytest.fixture(scope="module")
def pipeline():
    try:
        p = libreader.Pipeline(summaries=False)
        p.dictionary_name  # loads MeCab now
    except libreader.AnalyzerError as e:
        pytest.skip(f"no MeCab dictionary: {e}")
    return p


def _swig(t, name):
    # SWIG's own property of the C accessor (libreader.native.Node), the
    # path every token attribute took before the native base.
    return _n.Node.__dict__[name].fget(t)


def test_walk_gives_the_attribute_paths_values_for_every_token(pipeline):
    doc = pipeline.read_file(ARTICLE, stages=("annotate",))
    walked = list(doc.tokens())
    n = _n._doc_token_count(doc)
    assert len(walked) == n > 256  # more than one chunk
    by_sentence = [t for s in doc.sentences() for t in s.tokens]
    assert len(by_sentence) == n
    text = doc.text
    for i, t in enumerate(walked):
        other, indexed = by_sentence[i], _n._doc_token_at(doc, i)
        assert t == other == indexed and t.index == i
        for f in FIELDS:
            want = _swig(t, f)
            assert getattr(t, f) == want, (i, f)
            assert getattr(other, f) == want and getattr(indexed, f) == want, (i, f)
            assert type(getattr(t, f)) is type(want), (i, f)
        assert text[t.start:t.end] == t.surface
        assert isinstance(t, libreader.Token)
        assert t.pos_class == _swig(t, "pos_class") and t.parent.kind == "sentence"


def test_walk_is_fast_path_and_tokens_stay_read_only(pipeline):
    doc = pipeline.read("東京で雨が降った。", stages=("annotate",))
    t = next(doc.tokens())
    for f in FIELDS:
        with pytest.raises(AttributeError):
            setattr(t, f, "x")
    with pytest.raises(TypeError):
        libreader.Token()
    assert repr(t).startswith("<Token '東京'")
    assert [x.surface for x in doc.tokens()] == [x.surface for x in libreader.tokenize("東京で雨が降った。")]


def test_walked_token_outlives_its_document(pipeline):
    doc = pipeline.read_file(ARTICLE, stages=("annotate",))
    toks = list(doc.tokens())
    keep = [toks[0], toks[300], toks[-1]]
    want = [[getattr(t, f) for f in FIELDS] + [t.pos_class, t.parent.text] for t in keep]
    unread = toks[301]  # no attribute read before the document goes
    del doc, toks
    gc.collect()
    junk = [libreader.parse("上書き" * 1000) for _ in range(20)]  # reuse freed memory, if any
    assert [[getattr(t, f) for f in FIELDS] + [t.pos_class, t.parent.text] for t in keep] == want
    assert unread.doc.text[unread.start:unread.end] == unread.surface
    del junk


def test_annotate_stage_alone_gives_no_glosses_words_or_alternatives(pipeline):
    doc = pipeline.read_file(ARTICLE, stages=["annotate"])
    toks = list(doc.tokens())
    assert toks
    assert not any(t.glosses for t in toks)
    assert list(doc.words()) == []
    assert not any(t.alternatives for t in toks)
    assert not any(t.uncertain for t in toks)
    full = pipeline.read_file(ARTICLE)
    assert [t.reading for t in full.tokens()] == [t.reading for t in toks]  # the same readings
    assert list(full.words())
    if os.path.exists("/usr/share/edict/edict"):
        assert any(t.glosses for t in full.tokens())


def test_read_files_walk_matches_read_file(pipeline):
    one = [[(t.surface, t.reading, t.start) for t in pipeline.read_file(p, stages=["annotate"]).tokens()]
           for p in (ARTICLE, ARTICLE)]
    many = [[(t.surface, t.reading, t.start) for t in d.tokens()]
            for d in pipeline.read_files([ARTICLE, ARTICLE], stages=["annotate"])]
    assert many == one


def test_a_started_walk_keeps_its_document_across_chunks(pipeline):
    doc = pipeline.read_file(ARTICLE, stages=("annotate",))
    want = [(t.surface, t.start) for t in doc.tokens()]
    it = doc.tokens()
    first = next(it)
    del doc
    gc.collect()
    junk = [libreader.parse("上書き" * 1000) for _ in range(20)]
    rest = [(t.surface, t.start) for t in it]  # the next chunks come from the dropped document
    assert [(first.surface, first.start)] + rest == want
    assert list(it) == []
    del junk
