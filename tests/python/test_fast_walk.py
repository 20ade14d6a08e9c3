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


def test_one_token_from_a_late_chunk_keeps_the_document_alone(pipeline):
    # A walk's tokens share one document reference (a holder object), not
    # one each: the last survivor, from a later chunk than the walk began
    # with, must still hold it after the walk, the document and every other
    # token of every chunk are gone.
    doc = pipeline.read_file(ARTICLE, stages=("annotate",))
    toks = list(doc.tokens())
    assert len(toks) > 600  # three chunks at least
    early, late = toks[5], toks[600]
    want = [getattr(late, f) for f in FIELDS] + [late.pos_class, late.parent.text, late.index]
    early_surface = early.surface
    del doc, toks
    gc.collect()
    assert early.surface == early_surface
    del early  # the first chunk's last survivor
    gc.collect()
    junk = [libreader.parse("上書き" * 1000) for _ in range(20)]  # reuse freed memory, if any
    assert [getattr(late, f) for f in FIELDS] + [late.pos_class, late.parent.text, late.index] == want
    assert late.doc.text[late.start:late.end] == late.surface
    del junk


def test_sentence_tokens_outlive_their_document(pipeline):
    # A sentence's tokens come from one chunk call with its own holder.
    doc = pipeline.read_file(ARTICLE, stages=("annotate",))
    sent = list(doc.sentences())[3]
    toks = list(sent.tokens)
    want = [(t.surface, t.reading, t.lemma, t.start) for t in toks]
    del doc, sent
    gc.collect()
    junk = [libreader.parse("上書き" * 1000) for _ in range(20)]
    assert [(t.surface, t.reading, t.lemma, t.start) for t in toks[::-1]][::-1] == want
    del junk


def test_string_cache_never_carries_over_between_documents(pipeline):
    # The holder caches strings by their pointer into its document: a
    # later document that reuses the freed memory must still give its own
    # words. Many small different documents, each walked and dropped.
    texts = ["%sで%sが降った。%s年に%sへ行く。" % (a, b, c, d)
             for a, b, c, d in zip("東西南北上下左右" * 4, "雨雪風霧" * 8, range(1990, 2022), "京阪奈都" * 8)]
    for text in texts:
        doc = pipeline.read(text, stages=("annotate",))
        got = [(t.surface, t.reading, t.lemma, t.pos) for t in doc.tokens()]
        want = [tuple(_swig(t, f) for f in ("surface", "reading", "lemma", "pos")) for t in doc.tokens()]
        assert got == want, text
        assert "".join(s for s, _r, _l, _p in got) == text
        del doc, got


def test_read_options_made_once_still_follow_each_calls_choice(pipeline):
    # Pipeline._read_options reuses the options of a choice: each call must
    # still get its own stages, format and flags, and bad ones still raise.
    a = pipeline.read_file(ARTICLE, stages=["annotate"])
    full = pipeline.read_file(ARTICLE)
    again = pipeline.read_file(ARTICLE, stages=("annotate",))
    assert list(a.words()) == [] == list(again.words())
    assert list(full.words())
    lines = pipeline.read("一行目\n二行目", format="lines", stages=["annotate"])
    auto = pipeline.read("一行目\n二行目", stages=["annotate"])
    assert [s.text for s in lines.sentences()] == ["一行目", "二行目"]
    assert [s.text for s in auto.sentences()]
    for bad in (["annotate", "nope"], [["annotate"]], "nope"):
        with pytest.raises(libreader.InvalidArgument):
            pipeline.read_file(ARTICLE, stages=bad)
    with pytest.raises(libreader.InvalidArgument):
        pipeline.read_file(ARTICLE, format="nope")
    with pytest.raises(libreader.InvalidArgument):
        pipeline.read_file(ARTICLE, format=["xml"])  # unhashable: not cached, still refused
