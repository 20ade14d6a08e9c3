"""Nodes keep their document alive; documents do not leak."""
import gc
import os
import weakref

import pytest

import libreader
from conftest import ARTICLE


def test_held_token_outlives_its_document(analyzer):
    doc = libreader.parse_file(ARTICLE)
    doc.annotate(analyzer)
    tok = list(doc.tokens())[42]
    surface, reading, start = tok.surface, tok.reading, tok.start
    del doc
    gc.collect()
    junk = [libreader.parse("上書き" * 1000) for _ in range(20)]  # reuse freed memory, if any
    assert tok.surface == surface
    assert tok.reading == reading
    assert tok.start == start
    assert tok.doc.text[tok.start:tok.end] == surface
    assert tok.parent.kind == "sentence"
    del junk


def test_held_section_and_sentence_outlive_the_document():
    doc = libreader.parse_file(ARTICLE)
    sec = doc.section("2.1")
    sent = sec.paragraphs[0].sentences[0]
    seq = doc.sections
    del doc
    gc.collect()
    assert sec.heading == "マルウェア感染の経緯"
    assert sent.text.startswith("トレーダートレーターは")
    assert seq[-1].id == "afterword"


def test_document_wrapper_is_collectable():
    doc = libreader.parse("本文。")
    r = weakref.ref(doc)
    del doc
    gc.collect()
    assert r() is None


def _rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc")
def test_ten_thousand_documents_keep_memory_flat():
    if os.environ.get("ASAN_OPTIONS"):
        pytest.skip("RSS is meaningless under ASan's quarantine")
    text = ARTICLE.read_text(encoding="utf-8")

    def churn(n):
        for _ in range(n):
            d = libreader.parse(text)
            s = d.section("4.1")
            _ = [x.id for x in d.sections], s.heading
            del d, s

    churn(1000)  # warm up allocator pools
    gc.collect()
    before = _rss_kb()
    churn(10000)
    gc.collect()
    grown = _rss_kb() - before
    # A leak of one document per parse would be ~100 MB here.
    assert grown < 8 * 1024, f"RSS grew by {grown} kB over 10,000 documents"
