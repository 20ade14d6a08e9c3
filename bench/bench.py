"""One benchmark measurement through the Python binding: parse FILE, annotate
it with THREADS worker threads and read every token's surface, reading and
lemma, as a Python program using libreader would. Run by bench/bench.c
(which measures this process's wall time and peak RSS)."""
import sys

import libreader


def main() -> int:
    path, threads = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1
    analyzer = libreader.Analyzer()
    doc = libreader.parse_file(path)
    doc.annotate(analyzer, threads=threads)
    n = chars = 0
    for t in doc.tokens():
        chars += len(t.surface) + len(t.reading or "") + len(t.lemma or "")
        n += 1
    print(f"python: {n} tokens, {chars} characters", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
