"""Walking a document by index from Python is linear: every section,
paragraph, sentence and its text at 1 MB and at 4 MB, compared with parsing
the same text in the same test (no fixed time limit: machines are noisy).
Before index arrays, a 3 MB walk took 18x the 1 MB one."""
import time

import libreader

from conftest import ARTICLE


def article_of_size(nbytes):
    body = [l for l in ARTICLE.read_text(encoding="utf-8").splitlines()
            if l and not l[0].isdigit() and not l.startswith(("[", "-", "Citations", "目次", "あとがき"))]
    out, size, i = ["大きな記事", "見出し", ""], 0, 0
    while size < nbytes:
        line = body[i % len(body)]
        out.append(line)
        out.append("")
        size += len(line.encode()) + 2
        i += 1
    return "\n".join(out)


def walk(doc):
    n = 0
    for s in doc.sections:
        for p in s.paragraphs:
            for t in p.sentences:
                n += len(t.text)
    for s in doc.sentences():
        n += s.start
    return n


def ratio(nbytes):
    text = article_of_size(nbytes)
    t0 = time.perf_counter()
    doc = libreader.parse(text)
    t1 = time.perf_counter()
    assert walk(doc) > 0
    t2 = time.perf_counter()
    return (t2 - t1) / max(t1 - t0, 1e-3), t2 - t1


def test_walk_by_index_is_linear():
    small, t_small = ratio(1 << 20)
    big, t_big = ratio(4 << 20)
    # Linear: the walk costs about the same multiple of parsing at both
    # sizes. Quadratic would make the 4 MB ratio about 4x the 1 MB one.
    assert big <= 2.5 * small + 1.0, (small, big, t_small, t_big)
