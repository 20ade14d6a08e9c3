"""Pipeline.read_files / read_many: many articles on all cores, in input
order, streamed; a bad input raises in its turn (stub analyzer: no MeCab)."""
import pytest

import libreader

from conftest import ARTICLE, SOURCE_DIR


def stub(threads=2):
    return libreader.Pipeline(stub=True, compounds=False, glosses=False, summaries=False, threads=threads)


def test_read_many_keeps_input_order():
    texts = ["東京で見た。" * (300 if i % 5 == 0 else 1) + f"{i}" for i in range(60)]
    docs = list(stub().read_many(texts, format="lines"))
    assert [d.text for d in docs] == texts
    assert all(len(list(d.tokens())) > 0 for d in docs)


def test_read_files_streams_documents_that_outlive_the_batch():
    files = [ARTICLE] + sorted((SOURCE_DIR / "tests" / "data" / "articles").glob("*.ja.txt"))
    it = stub().read_files(files)
    first = next(it)
    assert first.name == str(ARTICLE)
    rest = list(it)
    assert [d.name for d in rest] == [str(f) for f in files[1:]]
    del it
    assert first.sections[0].id == "1"  # the document keeps itself alive


def test_a_bad_input_raises_in_its_turn():
    it = stub().read_files([ARTICLE, "/nonexistent/a.txt"])
    assert next(it).name == str(ARTICLE)
    with pytest.raises(libreader.FileError):
        next(it)
