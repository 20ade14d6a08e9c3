"""Documents, sections, paragraphs, sentences: the sequence protocols and
the str results of the Python binding."""
import pytest

import libreader
from conftest import ARTICLE, SECTION_IDS


def test_parse_file_lists_sections_in_document_order(doc):
    assert [s.id for s in doc.sections] == SECTION_IDS


def test_sections_support_len_negative_index_slice_and_iteration(doc):
    secs = doc.sections
    assert len(secs) == len(SECTION_IDS)
    assert secs[0].id == "1"
    assert secs[-1].id == "afterword"
    assert secs[-2].id == "4.2"
    assert [s.id for s in secs[1:3]] == ["1.1", "1.2"]
    assert [s.id for s in secs[::-5]] == ["afterword", "3.1", "1.2"]
    it = iter(secs)
    assert next(it).id == "1"
    with pytest.raises(IndexError):
        secs[len(SECTION_IDS)]
    with pytest.raises(IndexError):
        secs[-len(SECTION_IDS) - 1]
    with pytest.raises(TypeError):
        secs["1"]


def test_section_lookup_by_id_and_heading(doc):
    s = doc.section("4.1")
    assert s.id == "4.1"
    assert s.heading == "過去のサイバー攻撃との関連"
    assert doc.section_by_heading("1.事件の概要").id == "1"
    assert doc.section_by_heading("事件 の概要").id == "1"
    assert doc.get_section("9") is None


def test_missing_section_raises_not_found_which_is_a_key_error(doc):
    with pytest.raises(KeyError):
        doc.section("9")
    with pytest.raises(libreader.NotFoundError, match="no section '9'"):
        doc.section("9")
    with pytest.raises(libreader.Error):
        doc.section_by_heading("存在しない見出し")


def test_subsections_paragraphs_sentences(doc):
    one = doc.section("1")
    assert [s.id for s in one.subsections] == ["1.1", "1.2"]
    assert [s.id for s in doc.top_sections] == ["1", "2", "3", "4", "afterword"]
    p = doc.section("1.1").paragraphs[0]
    assert p.kind == "paragraph"
    assert p.text.startswith("2024年5月、日本の仮想通貨交換業者")
    sents = p.sentences
    assert len(sents) >= 2
    assert sents[0].text.endswith("流出しました。")
    assert "".join(s.text for s in sents) == p.text


def test_sentence_citations_have_number_and_url(doc):
    s = doc.section("1.1").paragraphs[0].sentences[-1]
    cites = list(s.citations)
    assert [c.number for c in cites] == [1, 2, 3]
    assert all(c.kind == "citation" for c in cites)
    assert all(isinstance(c.url, str) and c.url.startswith("http") for c in cites)
    assert "[1]" not in s.text


def test_results_are_str_never_bytes(doc):
    s = doc.section("2")
    for v in (doc.text, doc.title, s.id, s.heading, s.kind, s.paragraphs[0].text if s.paragraphs else s.heading):
        assert type(v) is str
    assert type(doc.name) is str


def test_title_lead_and_text(doc):
    assert doc.title == "「日本のビットコイン482億円消える」について"
    assert doc.lead.kind == "paragraph"
    assert doc.lead.text.startswith("日本で発生したビットコイン不正流出事件は")
    assert doc.text == ARTICLE.read_text(encoding="utf-8")


def test_node_spans_index_the_source_text_in_code_points(doc):
    for s in doc.sentences():
        if not s.citations:
            assert doc.text[s.start:s.end] == s.text
    sec = doc.section("2.1")
    assert doc.text[sec.start:sec.end].startswith("マルウェア感染の経緯")


def test_afterword_and_synthesized_flags(doc):
    aw = doc.section("afterword")
    assert aw.afterword is True
    assert doc.section("1").afterword is False
    assert doc.section("1").synthesized is False
    assert isinstance(aw.synthesized, bool)


def test_sentences_generator_covers_every_sentence(doc):
    sents = list(doc.sentences())
    assert len(sents) == len({(s.start, s.end) for s in sents})
    assert all(s.kind == "sentence" for s in sents)
    assert sents[0].text == doc.title


def test_node_children_protocols(doc):
    sec = doc.section("1.1")
    kids = list(sec)
    assert len(sec) == len(kids) > 0
    assert sec[0] == kids[0]
    assert sec[-1] == kids[-1]
    assert bool(doc.section("1").paragraphs or True)
    assert bool(sec) is True


def test_nodes_compare_and_hash_by_identity(doc):
    a = doc.section("1.1")
    b = doc.sections[1]
    assert a == b and hash(a) == hash(b)
    assert a != doc.section("1.2")
    assert len({a, b, doc.section("1.2")}) == 2


def test_reprs_name_kind_and_id(doc):
    assert repr(doc.section("4.1")) == "<Section 4.1 '過去のサイバー攻撃との関連'>"
    assert repr(doc).startswith("<libreader.Document ")
    assert "13 sections" in repr(doc)
    assert repr(doc.lead).startswith("<Paragraph '日本で発生した")
    assert repr(doc.sections).startswith("[<Section 1 ")


def test_parse_text_with_options():
    d = libreader.parse("タイトル\n\n本文です。", name="memo.txt")
    assert d.name == "memo.txt"
    lines = libreader.parse("一行目。\n二行目。\n", format="lines")
    assert len(list(lines.sentences())) == 2
    with pytest.raises(libreader.InvalidArgument, match="unknown format"):
        libreader.parse("x", format="pdf")


def test_empty_input_gives_empty_document():
    d = libreader.parse("")
    assert len(d.sections) == 0
    assert list(d.tokens()) == []
    assert d.title is None


def test_version_is_a_string():
    assert libreader.version().count(".") == 2
    assert libreader.__version__ == libreader.version()
