#!/usr/bin/env python3
"""Annotate a corpus on a Dask cluster: every article is parsed and annotated
on a worker, written as a reader page, and the content-word vocabulary of
the whole corpus is merged into one frequency list.

    python3 examples/python/dask_corpus.py -o pages corpus tests/data/articles
    python3 examples/python/dask_corpus.py --scheduler tcp://10.0.0.5:8786 -o pages corpus

Without --scheduler a LocalCluster of --workers processes is started here.
Each worker builds one Analyzer (the MeCab model) once, through a worker
plugin, and every task on that worker shares it. Documents travel between
tasks as libreader's lossless XML (Document.to_xml / libreader.parse(...,
format="xml")), so a worker needs nothing but the libreader module. Pages
are written by the workers: on several machines, -o must name a directory
that every worker sees (a shared file system), as must the input paths.

Pages mirror each input directory under its own name (corpus/x/article.ja.txt
gives OUT/corpus/x/article.ja.html). Prints one line per page written, then the merged vocabulary (lemma,
reading, count, articles) as TSV to --vocab (default: standard output). An
article that cannot be read or parsed is named on standard error with the
reason, and the exit status is then 1; the other articles are still done.
"""
import argparse
import collections
import os
import sys

import libreader

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".xml")
CONTENT = {"noun", "proper-noun", "verb", "adjective", "adjectival-noun", "adverb"}


class AnalyzerPlugin:
    """Worker plugin: one Analyzer per worker process, built when the worker
    starts (or joins), shared by all of that worker's tasks. (Dask worker
    plugins are duck-typed: setup/teardown, and a name so registering twice
    replaces instead of adding.)"""

    name = "libreader-analyzer"

    def setup(self, worker):
        worker.libreader_analyzer = libreader.Analyzer()
        worker.libreader_analyzer_builds = getattr(worker, "libreader_analyzer_builds", 0) + 1

    def teardown(self, worker):
        worker.libreader_analyzer = None


def _analyzer():
    from distributed import get_worker
    return get_worker().libreader_analyzer


def annotate_article(path):
    """On a worker: parse and annotate one article. Returns (path, xml, None)
    or (path, None, error message): a bad article is a result, not a crash of
    the whole computation."""
    try:
        doc = libreader.parse_file(path)
        doc.annotate(_analyzer())
        return path, doc.to_xml(), None
    except (libreader.Error, OSError) as e:
        return path, None, f"{type(e).__name__}: {e}"


def write_page(item, target):
    """On a worker: the reader page of one annotated article (from its XML)."""
    path, xml, _ = item
    doc = libreader.parse(xml, format="xml", name=path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    tmp = target + ".part"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(doc.to_html())
    os.replace(tmp, target)  # a page is either complete or absent
    return target


def count_vocab(item):
    """On a worker: {(lemma, reading): count} of the content words of one article."""
    path, xml, _ = item
    doc = libreader.parse(xml, format="xml", name=path)
    counts = collections.Counter()
    for t in doc.tokens():
        if t.pos_class in CONTENT and not t.unknown and t.kanji:
            counts[(t.lemma, t.reading)] += 1
    return counts


def merge_vocab(*counts):
    """Merged frequency and the number of articles each word occurs in."""
    total, articles = collections.Counter(), collections.Counter()
    for c in counts:
        total.update(c)
        articles.update(c.keys())
    return total, articles


def find_articles(paths):
    """[(article path, page path relative to the output directory)]. A
    directory contributes its articles (NAME.ja.txt, .ja.html, .ja.xml; not
    the golden files under expected/), their pages mirroring the tree under
    the directory's own name; a file is taken as it is."""
    found = []
    for p in paths:
        p = os.path.abspath(p)
        if os.path.isdir(p):
            top = os.path.basename(p.rstrip(os.sep))
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d != "expected")
                for f in sorted(files):
                    if ".ja." in f and f.endswith(ARTICLE_SUFFIXES):
                        rel = os.path.relpath(os.path.join(root, f), p)
                        found.append((os.path.join(root, f), os.path.join(top, _page_name(rel))))
        elif os.path.isfile(p):
            found.append((p, _page_name(os.path.basename(p))))
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    pages = collections.Counter(page for _, page in found)
    clash = [page for page, n in pages.items() if n > 1]
    if clash:
        raise ValueError(f"several articles would write the page {clash[0]}")
    return found


def _page_name(rel):
    return rel.rsplit(".", 1)[0] + ".html"


def run(client, articles, out_dir):
    """The computation on any Dask client; articles as find_articles() gives
    them. Returns (pages written, (total, articles per word), failures)."""
    client.register_worker_plugin(AnalyzerPlugin(), name=AnalyzerPlugin.name)
    page_of = dict(articles)
    annotated = client.gather(client.map(annotate_article, [a for a, _ in articles]))
    ok = [a for a in annotated if a[2] is None]
    failures = [(p, err) for p, _, err in annotated if err is not None]
    pages = client.gather(client.map(write_page, ok, [os.path.join(out_dir, page_of[a[0]]) for a in ok]))
    vocab = client.submit(merge_vocab, *client.map(count_vocab, ok)).result()
    return pages, vocab, failures


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", metavar="PATH", help="article files or directories of articles")
    ap.add_argument("-o", "--out", default="pages", help="directory for the reader pages (default: pages)")
    ap.add_argument("--vocab", help="write the merged vocabulary TSV here (default: standard output)")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler (default: a local cluster)")
    ap.add_argument("--workers", type=int, default=2, help="local cluster: worker processes (default 2)")
    args = ap.parse_args(argv)
    try:
        paths = find_articles(args.paths)
    except (FileNotFoundError, ValueError) as e:
        ap.error(str(e))
    if not paths:
        ap.error("no articles found")
    try:
        libreader.Analyzer()  # fail here, clearly, rather than on every worker
    except libreader.AnalyzerError as e:
        print(f"dask_corpus: {e}", file=sys.stderr)
        return 77
    from distributed import Client, LocalCluster
    if args.scheduler:
        client, cluster = Client(args.scheduler), None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        pages, (total, articles), failures = run(client, paths, os.path.abspath(args.out))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    # With the vocabulary on standard output, the page list goes to stderr.
    for p in pages:
        print(f"wrote {p}", file=sys.stdout if args.vocab else sys.stderr)
    lines = ["lemma\treading\tcount\tarticles"]
    lines += [f"{lemma}\t{reading}\t{n}\t{articles[(lemma, reading)]}"
              for (lemma, reading), n in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))]
    if args.vocab:
        with open(args.vocab, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    else:
        print("\n".join(lines))
    for path, err in failures:
        print(f"dask_corpus: {path}: {err}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
