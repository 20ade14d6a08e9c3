"""Words (issue 11) from Python: doc.words(), sentence.words, word.tokens,
glosses, inflections, sentence; a word keeps its document alive."""
import gc

import pytest

import libreader


@pytest.fixture(scope="module")
def pipeline():
    try:
        return libreader.Pipeline()
    except libreader.AnalyzerError as e:
        pytest.skip(f"no MeCab dictionary: {e}")


def test_words_join_tokens_and_name_the_inflection(pipeline):
    doc = pipeline.read("ビットコインが盗まれた。\n")
    words = list(doc.words())
    assert [w.surface for w in words] == ["ビットコイン", "が", "盗まれた", "。"]
    stolen = words[2]
    assert isinstance(stolen, libreader.Word)
    assert (stolen.lemma, stolen.reading, stolen.inflection) == ("盗む", "ぬすむ", "passive, past")
    assert stolen.inflections == ["passive", "past"]
    assert [t.surface for t in stolen.tokens] == ["盗ま", "れ", "た"]
    assert isinstance(stolen.tokens[0], libreader.Token)
    assert stolen.pos_class == "verb" and stolen.is_content and not stolen.is_name
    if stolen.glosses:  # EDICT installed
        assert stolen.glosses[0] == "to steal"
    assert words[0].inflections == [] and words[1].is_content is False
    assert stolen.sentence.text == "ビットコインが盗まれた。"
    assert repr(stolen) == "<Word '盗まれた' 盗む (passive, past)>"


def test_sentence_words_cover_its_tokens(pipeline):
    doc = pipeline.read("日本で漢字が盗まれた。\n日本の東京。\n")
    for s in doc.sentences():
        assert len(s.words) >= 1
        assert [t.surface for w in s.words for t in w.tokens] == [t.surface for t in s.tokens]
        assert s.words[-1] == s.words[len(s.words) - 1]
    with pytest.raises(IndexError):
        next(doc.sentences()).words[99]


def test_a_word_keeps_its_document_alive(pipeline):
    w = list(pipeline.read("ビットコインが盗まれた。\n").words())[2]
    gc.collect()
    assert w.sentence.text == "ビットコインが盗まれた。"
    assert w.tokens[0].surface == "盗ま"


def test_no_words_before_the_words_stage():
    doc = libreader.parse("ビットコインが盗まれた。\n")
    assert list(doc.words()) == []
    assert len(next(doc.sentences()).words) == 0
