"""Document metadata the source gave (issue 17): the HTML date and the
byline (an Aozora file's author), through the XML round trip and JSON."""
import json

import libreader
from conftest import ARTICLE, SOURCE_DIR

EASY = SOURCE_DIR / "tests" / "data" / "html" / "nhk-easy-like.html"
AOZORA = SOURCE_DIR / "tests" / "data" / "aozora" / "yuki-no-hi.txt"


def test_date_and_byline_round_trip():
    page = libreader.parse_file(EASY)
    assert page.date == "2025-01-10"
    back = libreader.from_xml(page.to_xml())
    assert back.date == "2025-01-10"
    assert back.to_xml() == page.to_xml()
    assert json.loads(page.to_json())["date"] == "2025-01-10"
    book = libreader.parse_file(AOZORA)
    assert book.byline == "山田花子"
    assert libreader.from_xml(book.to_xml()).byline == "山田花子"
    assert json.loads(book.to_json())["byline"] == "山田花子"


def test_absent_metadata_is_none():
    doc = libreader.parse_file(ARTICLE)
    assert doc.date is None and doc.byline is None
    assert "date" not in json.loads(doc.to_json())
