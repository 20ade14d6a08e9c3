"""Names (issue 12, item 1) from Python: token.name_kind and word.name_kind
from MeCab's proper nouns and the names rule (ENAMDICT; here the test
fixture), and Pipeline(names=False)."""
import os

import pytest

import libreader

SRC = os.environ.get("READER_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURE = os.path.join(SRC, "tests", "data", "names", "enamdict-fixture.eucjp")


def pipeline(**kw):
    try:
        return libreader.Pipeline(glosses=False, **kw)
    except libreader.AnalyzerError as e:
        pytest.skip(f"no MeCab dictionary: {e}")


def test_names_rule_reads_and_flags_a_place_and_a_person():
    doc = pipeline(names=FIXTURE).read("立川市の藤井聡太さん\n")
    tokens = {t.surface: t for t in doc.tokens()}
    place = tokens["立川市"]
    assert (place.reading, place.rule, place.name_kind) == ("たちかわし", "name", "place")
    assert place.flags & libreader.native.TOKEN_PLACE
    assert tokens["聡太"].name_kind == "person" and tokens["さん"].name_kind is None
    words = {w.surface: w for w in doc.words()}
    assert words["立川市"].name_kind == "place" and words["立川市"].is_name


def test_without_names_mecab_kinds_only():
    doc = pipeline(names=False).read("立川市\n")
    tokens = [t for t in doc.tokens()]
    assert [(t.surface, t.reading, t.name_kind) for t in tokens] == [("立川", "たつかわ", "place"), ("市", "し", None)]


def test_unreadable_names_file_raises():
    with pytest.raises(libreader.Error, match="nonexistent"):
        pipeline(names="/nonexistent/enamdict").read("立川市\n")
