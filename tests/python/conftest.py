"""Shared fixtures of the Python binding tests: the seed article, one
analyzer for the whole session (skipped when no MeCab dictionary)."""
import os
import pathlib

import pytest

import libreader

SOURCE_DIR = pathlib.Path(os.environ.get("READER_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
ARTICLE = SOURCE_DIR / "corpus" / "dmm-bitcoin-2024" / "article.ja.txt"
SUMMARIES = SOURCE_DIR / "corpus" / "dmm-bitcoin-2024" / "summaries.en.xml"
SECTION_IDS = ["1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1", "3.2", "4", "4.1", "4.2", "afterword"]


@pytest.fixture(scope="session")
def analyzer():
    if not hasattr(libreader, "Analyzer"):
        pytest.skip("the library has no analyzer yet")
    try:
        return libreader.Analyzer()
    except libreader.AnalyzerError as e:
        pytest.skip(f"no MeCab dictionary: {e}")


@pytest.fixture
def doc():
    return libreader.parse_file(ARTICLE)


@pytest.fixture
def annotated(doc, analyzer):
    doc.annotate(analyzer)
    return doc
