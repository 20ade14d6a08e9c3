#!/usr/bin/env python3
"""Print one section with furigana in brackets after each kanji run
(盗[ぬす]まれた), built from the tokens' furigana segments.

    python3 examples/python/furigana_section.py corpus/dmm-bitcoin-2024/article.ja.txt 1.1
"""
import sys

import libreader


def with_furigana(sentence: libreader.Sentence) -> str:
    out = []
    for t in sentence.tokens:
        s, pos = t.surface, 0
        for seg in t.furigana:
            out.append(s[pos:seg.start])
            out.append(f"{seg.base}[{seg.reading}]")
            pos = seg.end
        out.append(s[pos:])
    return "".join(out)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(f"usage: {argv[0]} ARTICLE SECTION-ID", file=sys.stderr)
        return 2
    try:
        doc = libreader.parse_file(argv[1])
        section = doc.section(argv[2])
        analyzer = libreader.Analyzer()
    except libreader.AnalyzerError as e:
        print(f"{argv[0]}: {e}", file=sys.stderr)
        return 77  # no dictionary: tests count this as skipped
    except (libreader.Error, KeyError) as e:
        print(f"{argv[0]}: {e}", file=sys.stderr)
        return 1
    doc.annotate(analyzer)
    heading = section.heading_node
    print(f"{section.id} {with_furigana(heading.sentences[0]) if heading else ''}")
    for p in section.paragraphs:
        print("".join(with_furigana(s) for s in p.sentences))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
