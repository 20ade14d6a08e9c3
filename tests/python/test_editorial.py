"""Editorial readings (issue 17): the ruby a page's editors wrote becomes
the tokens' readings, every one, and is flagged editorial; inline and
Aozora readings leave the sentence text."""
import html.parser
import re

import pytest

import libreader
from conftest import SOURCE_DIR

EASY = SOURCE_DIR / "tests" / "data" / "html" / "nhk-easy-like.html"
TOKEN_EDITORIAL = 1 << 7


class _Ruby(html.parser.HTMLParser):
    """(base, rt) pairs of a page, in order, read with Python's own parser."""

    def __init__(self):
        super().__init__()
        self.pairs, self.base, self.rt, self.where = [], "", "", None

    def handle_starttag(self, tag, attrs):
        if tag == "ruby":
            self.where, self.base = "base", ""
        elif tag == "rt" and self.where:
            self.where, self.rt = "rt", ""

    def handle_endtag(self, tag):
        if tag == "rt" and self.where == "rt":
            self.pairs.append((self.base, self.rt))
            self.where, self.base = "base", ""
        elif tag == "ruby":
            self.where = None

    def handle_data(self, data):
        if self.where == "base":
            self.base += data
        elif self.where == "rt":
            self.rt += data


def _page_ruby(path):
    p = _Ruby()
    p.feed(path.read_text(encoding="utf-8"))
    return p.pairs


def _rendered_ruby(doc):
    """(base, reading) of every furigana group (touching segments of a
    token merged, as the views show them), in document order."""
    out = []
    for t in doc.tokens():
        end = None
        for f in t.furigana:
            if out and end == f.start:
                out[-1] = (out[-1][0] + f.base, out[-1][1] + f.reading)
            else:
                out.append((f.base, f.reading))
            end = f.end
    return out


def test_easy_page_readings_are_the_editors(analyzer):
    doc = libreader.parse_file(EASY)
    doc.annotate(analyzer)
    page = _page_ruby(EASY)
    assert page, "the page has ruby"
    got = _rendered_ruby(doc)
    # Every editors' base reads exactly as its rt, in order.
    assert [(b, r) for b, r in got] == page
    for t in doc.tokens():
        if t.furigana:
            assert t.flags & TOKEN_EDITORIAL, t.surface
    # Lossless: editorial readings and flags survive the XML round trip byte for byte.
    xml = doc.to_xml()
    assert libreader.from_xml(xml).to_xml() == xml
    brackets = doc.to_text("brackets")
    for base, rt in page:
        assert f"{base}[{rt}]" in brackets


def test_readings_survive_xml_and_reannotation(analyzer):
    # The XML keeps the editors' ruby as <ruby-span>s: a document read back
    # and annotated again (a new dictionary, a pipeline) still reads as the
    # editors wrote, every one; before, MeCab's guesses came back.
    doc = libreader.parse_file(EASY)
    doc.annotate(analyzer)
    xml = doc.to_xml()
    assert xml.count("<ruby-span ") == len(_page_ruby(EASY))
    back = libreader.from_xml(xml)
    back.annotate(analyzer)
    assert _rendered_ruby(back) == _page_ruby(EASY)
    assert back.to_xml() == xml


def test_editors_reading_wins_over_mecab(analyzer):
    # MeCab reads 今日 きょう and 生 せい/なま: the editors chose otherwise.
    page = ("<html><body><article><h1>見出し</h1><p><ruby>今日<rt>こんにち</rt></ruby>の"
            "<ruby>日本<rt>にっぽん</rt></ruby>は<ruby>北海道<rt>ホッカイドウ</rt></ruby>で"
            "<ruby>生<rt>き</rt></ruby>まれた。</p></article></body></html>")
    doc = libreader.parse(page, format="html")
    doc.annotate(analyzer)
    by = {t.surface: t for t in doc.tokens()}
    assert by["今日"].reading == "こんにち"
    assert by["今日"].flags & TOKEN_EDITORIAL
    assert by["今日"].original_reading == "きょう" and by["今日"].rule == "editorial"
    assert by["日本"].reading == "にっぽん"
    assert by["北海道"].reading == "ほっかいどう"  # katakana rt folded
    # 生まれ: the editors' き over 生, the token's own kana after it.
    umare = next(t for t in doc.tokens() if t.surface.startswith("生"))
    assert umare.reading.startswith("き")
    assert [(f.base, f.reading) for f in umare.furigana] == [("生", "き")]
    # Lossless: the flag survives the XML round trip.
    back = libreader.from_xml(doc.to_xml())
    assert any(t.flags & TOKEN_EDITORIAL for t in back.tokens())


def test_inline_and_aozora_readings(analyzer):
    text = "題\n\n大規模停電（ていでん）の進捗（しんちょく）を｜東京都《とうきょうと》が見た。\n"
    doc = libreader.parse(text)
    doc.annotate(analyzer)
    sent = doc.sentences()
    body = [s for s in sent if "見た" in s.text][0]
    assert body.text == "大規模停電の進捗を東京都が見た。"
    by = {t.surface: t for t in doc.tokens()}
    # The guessed base narrows to the tokens the reading spells: 停電, not 大規模停電.
    assert by["停電"].reading == "ていでん" and by["停電"].flags & TOKEN_EDITORIAL
    assert not any(t.flags & TOKEN_EDITORIAL for t in doc.tokens() if t.surface in ("大", "規模", "大規模"))
    assert by["進捗"].reading == "しんちょく"
    # A ｜ base over two tokens: the reading cut at the token boundary.
    assert by["東京"].reading + by["都"].reading == "とうきょうと"
    assert by["東京"].flags & by["都"].flags & TOKEN_EDITORIAL


def test_aozora_file_reads_with_its_ruby(analyzer):
    doc = libreader.parse_file(SOURCE_DIR / "tests" / "data" / "aozora" / "yuki-no-hi.txt")
    doc.annotate(analyzer)
    assert [s.id for s in doc.sections] == ["1", "1.1", "2"]
    by = {t.surface: t for t in doc.tokens()}
    assert by["朝"].reading == "あさ" and by["朝"].flags & TOKEN_EDITORIAL
    assert by["兎"].reading == "うさぎ"
    assert "《" not in doc.to_text("text") and "［＃" not in doc.to_text("text")
    assert "底本" not in doc.to_text("text") and "記号" not in doc.to_text("text")
