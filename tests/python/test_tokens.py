"""Tokens after annotation: their properties, furigana, offsets."""
import pytest

import libreader


def test_every_token_span_slices_its_surface_from_the_text(annotated):
    toks = list(annotated.tokens())
    assert len(toks) > 500
    text = annotated.text
    assert all(text[t.start:t.end] == t.surface for t in toks)


def test_token_properties_are_str_and_consistent(annotated):
    t = next(t for t in annotated.tokens() if t.surface == "盗まれた" or t.lemma == "盗む")
    assert t.kind == "token"
    assert t.lemma == "盗む"
    assert t.pos_class == "verb"
    assert t.pos.startswith("動詞")
    assert t.reading.startswith("ぬす")
    assert type(t.pronunciation) is str
    assert isinstance(t.flags, int)
    assert t.unknown is False
    assert t.kanji is True


def test_furigana_segments_cover_only_kanji(annotated):
    t = next(t for t in annotated.tokens() if t.lemma == "盗む")
    segs = t.furigana
    assert len(segs) == 1
    seg = segs[0]
    assert isinstance(seg, libreader.Furigana)
    assert seg.base == "盗" and seg.reading == "ぬす"
    assert t.surface[seg.start:seg.end] == seg.base
    kana = next(t for t in annotated.tokens() if t.surface == "の")
    assert kana.furigana == []


def test_multi_kanji_word_furigana_and_romaji(annotated):
    t = next(t for t in annotated.tokens() if t.surface == "日本")
    assert t.furigana[0].base == "日本"
    assert t.furigana[0].reading in ("にほん", "にっぽん")
    if hasattr(t, "romaji"):
        assert t.romaji in ("nihon", "nippon")


def test_sentence_tokens_sequence(annotated):
    s = annotated.section("1.1").paragraphs[0].sentences[0]
    toks = s.tokens
    assert len(toks) > 5
    assert toks[0].surface == "2024"
    assert toks[-1].surface == "。"
    assert "".join(t.surface for t in toks) == s.text
    assert repr(toks[-1]) == "<Token '。' 。/symbol>"


def test_doc_tokens_generator_matches_sentence_tokens(annotated):
    via_sentences = [t for s in annotated.sentences() for t in s.tokens]
    assert list(annotated.tokens()) == via_sentences


def test_unknown_predicate_follows_flags(annotated):
    for t in annotated.tokens():
        assert t.unknown == bool(t.flags & libreader.native.TOKEN_UNKNOWN)


def test_tokens_empty_before_annotation(doc):
    assert list(doc.tokens()) == []
    assert len(doc.lead.sentences[0].tokens) == 0


def test_stub_analyzer_needs_no_dictionary():
    if not hasattr(libreader, "Analyzer"):
        pytest.skip("no analyzer")
    an = libreader.Analyzer(stub=True)
    assert an.dictionary_name == "stub"
    d = libreader.parse("漢字とかな。")
    d.annotate(an)
    assert "".join(t.surface for t in d.tokens()) == "漢字とかな。"


def test_glosses_are_lists_of_str(annotated):
    if not hasattr(libreader, "Glossary"):
        pytest.skip("no glossary module")
    try:
        g = libreader.Glossary()
    except libreader.NotFoundError as e:
        pytest.skip(str(e))
    annotated.gloss(g)
    t = next(t for t in annotated.tokens() if t.lemma == "盗む")
    assert "to steal" in t.glosses
    assert all(type(x) is str for x in t.glosses)
    entry = g.lookup("盗む")[0]
    assert entry.word == "盗む" and entry.reading == "ぬすむ" and entry.common is True


def test_node_to_kana(annotated):
    if not hasattr(libreader.Node, "to_kana"):
        pytest.skip("no kana module")
    s = annotated.section("4.1")
    assert s.heading_node.to_kana("hiragana") == "かこのさいばーこうげきとのかんれん"
    assert libreader.kana("ビットコイン", "romaji") == "bittokoin"
    with pytest.raises(libreader.InvalidArgument):
        s.to_kana("cyrillic")


def test_heteronym_alternatives_are_reading_confidence_pairs(analyzer):
    # 今日 before は and a pause may be the greeting (こんにちは): the token
    # keeps きょう and carries こんにち with its share (alternatives as data).
    d = libreader.parse("今日は、みなさん。")
    d.annotate(analyzer)
    t = next(t for t in d.tokens() if t.surface == "今日")
    assert t.reading == "きょう"
    assert t.uncertain is True
    assert [r for r, _ in t.alternatives] == ["こんにち"]
    reading, conf = t.alternatives[0]
    assert type(reading) is str and type(conf) is float and 0.05 <= conf < 0.5
    assert abs(t.reading_confidence + conf - 1.0) < 0.002
    # Before a predicate the cue rules the greeting out: no alternative.
    d2 = libreader.parse("今日は晴れです。")
    d2.annotate(analyzer)
    t2 = next(t for t in d2.tokens() if t.surface == "今日")
    assert t2.alternatives == [] and t2.uncertain is False and t2.reading_confidence == 1.0
    kana = next(t for t in d2.tokens() if t.surface == "は")
    assert kana.alternatives == []
