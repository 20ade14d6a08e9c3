#!/usr/bin/env python3
"""List the sections of an article, indented by level, with their headings.

    python3 examples/python/list_sections.py corpus/dmm-bitcoin-2024/article.ja.txt
"""
import sys

import libreader


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} ARTICLE", file=sys.stderr)
        return 2
    try:
        doc = libreader.parse_file(argv[1])
    except libreader.Error as e:
        print(f"{argv[0]}: {e}", file=sys.stderr)
        return 1
    print(doc.title or "(untitled)")
    for s in doc.sections:
        mark = " (from the contents)" if s.synthesized else ""
        print(f"{'  ' * (s.level - 1)}{s.id}\t{s.heading}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
