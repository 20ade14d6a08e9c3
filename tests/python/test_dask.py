"""The Dask corpus example (examples/python/dask_corpus.py) on a LocalCluster
of 2 worker processes: every article annotated on a worker with that
worker's one Analyzer, pages written, vocabulary merged across the corpus."""
import collections
import importlib.util
import os
import subprocess
import sys

import pytest

import libreader
from conftest import SOURCE_DIR

distributed = pytest.importorskip("distributed", reason="Debian: python3-distributed")
cloudpickle = pytest.importorskip("cloudpickle")

EXAMPLE = SOURCE_DIR / "examples" / "python" / "dask_corpus.py"
ARTICLES = SOURCE_DIR / "tests" / "data" / "articles"


def _load_example():
    spec = importlib.util.spec_from_file_location("dask_corpus", EXAMPLE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    sys.modules["dask_corpus"] = mod
    # The workers cannot import the example by name: send its functions by value.
    cloudpickle.register_pickle_by_value(mod)
    return mod


@pytest.fixture(scope="module")
def dc():
    return _load_example()


@pytest.fixture(scope="module")
def client(analyzer):
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_corpus_on_two_workers(dc, client, analyzer, tmp_path):
    articles = dc.find_articles([SOURCE_DIR / "corpus", ARTICLES])
    names = sorted(os.path.basename(a) for a, _ in articles)
    assert "article.ja.txt" in names and "typhoon-shanshan.ja.html" in names
    assert not any("expected" in a for a, _ in articles)  # golden files are not articles
    pages, (total, per_article), failures = dc.run(client, articles, str(tmp_path))
    assert failures == []
    assert len(pages) == len(articles) == 6
    for p in pages:
        html = open(p, encoding="utf-8").read()
        assert html.startswith("<!DOCTYPE html>") and "<ruby>" in html
    assert (tmp_path / "corpus" / "dmm-bitcoin-2024" / "article.ja.html").exists()

    # One Analyzer per worker, built once, even after several tasks.
    builds = client.run(lambda dask_worker: dask_worker.libreader_analyzer_builds)
    assert sorted(builds.values()) == [1, 1]

    # The merged vocabulary is the sum of the articles' own counts.
    expected, seen_in = collections.Counter(), collections.Counter()
    for path, _ in articles:
        d = libreader.parse_file(path)
        d.annotate(analyzer)
        c = dc.count_vocab((path, d.to_xml(), None))
        expected.update(c)
        seen_in.update(c.keys())
    assert total == expected and per_article == seen_in
    assert total[("北朝鮮", "きたちょうせん")] >= 10
    assert max(per_article.values()) > 1  # some word occurs in several articles


def test_bad_article_is_reported_not_dropped(dc, client, tmp_path):
    good = str(ARTICLES / "boj-rate-hike.ja.txt")
    bad = str(ARTICLES / "bad-utf8.txt")
    pages, (total, _), failures = dc.run(client, dc.find_articles([good, bad]), str(tmp_path))
    assert len(pages) == 1 and total
    assert len(failures) == 1 and failures[0][0] == bad
    assert "EncodingError" in failures[0][1] and "invalid UTF-8" in failures[0][1]


def test_page_names_must_not_clash(dc, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.ja.txt").write_text("一。\n", encoding="utf-8")
    (tmp_path / "x.ja.html").write_text("<p>一。</p>", encoding="utf-8")
    with pytest.raises(ValueError, match="x.ja.html"):
        dc.find_articles([tmp_path / "a" / "x.ja.txt", tmp_path / "x.ja.html"])


def test_command_line(analyzer, tmp_path):
    """The script as a user runs it: its own local cluster, TSV out, exit 1
    and the reason on stderr for the article it could not read."""
    vocab = tmp_path / "vocab.tsv"
    r = subprocess.run([sys.executable, str(EXAMPLE), "-o", str(tmp_path / "pages"), "--vocab", str(vocab),
                        "--workers", "2", str(ARTICLES / "noto-recovery.ja.txt"), str(ARTICLES / "bad-utf8.txt")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    assert "bad-utf8.txt: EncodingError" in r.stderr
    assert (tmp_path / "pages" / "noto-recovery.ja.html").exists()
    lines = vocab.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "lemma\treading\tcount\tarticles" and len(lines) > 10
    r = subprocess.run([sys.executable, str(EXAMPLE), str(tmp_path / "missing")], capture_output=True, text=True)
    assert r.returncode == 2 and "no such file or directory" in r.stderr
