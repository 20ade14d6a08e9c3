#!/usr/bin/env python3
"""Index walks at 1 MB and 10 MB: `reader outline` against parsing alone,
and Python walking every section, paragraph, sentence and its text, each
against parsing the same text in the same run (medians of 3).
  usage: PYTHONPATH=build/bindings/python /usr/bin/python3 bench/walk.py build/tools/reader"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

import libreader

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def article(nbytes):
    src = open(os.path.join(ROOT, "corpus/dmm-bitcoin-2024/article.ja.txt"), encoding="utf-8").read()
    body = [l for l in src.splitlines() if l and not l[0].isdigit()
            and not l.startswith(("[", "-", "Citations", "目次", "あとがき"))]
    out, size, i = ["大きな記事", "見出し", ""], 0, 0
    while size < nbytes:
        if i % 40 == 0:
            out += [f"## 節{i // 40}", ""]
        out += [body[i % len(body)], ""]
        size += len(body[i % len(body)].encode()) + 2
        i += 1
    return "\n".join(out)


def median(f, n=3):
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def main():
    reader = sys.argv[1]
    print(f"{'size':>6} {'parse':>8} {'outline':>8} {'ratio':>6} {'py walk':>8} {'ratio':>6}")
    for mb in (1, 10):
        text = article(mb << 20)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            f.write(text)
            path = f.name
        try:
            parse = median(lambda: libreader.parse(text))
            outline = median(lambda: subprocess.run([reader, "outline", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True))
            doc = libreader.parse(text)

            def walk():
                n = 0
                for s in doc.sections:
                    for p in s.paragraphs:
                        for t in p.sentences:
                            n += len(t.text)
                return n
            py = median(walk)
            print(f"{mb:>4}MB {parse:>7.2f}s {outline:>7.2f}s {outline / parse:>5.1f}x {py:>7.2f}s {py / parse:>5.1f}x")
        finally:
            os.unlink(path)


if __name__ == "__main__":
    main()
