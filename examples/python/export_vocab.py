#!/usr/bin/env python3
"""Export the vocabulary of an article as TSV (lemma, reading, count,
English gloss, first sentence), content words only, most frequent first.

    python3 examples/python/export_vocab.py corpus/dmm-bitcoin-2024/article.ja.txt > vocab.tsv
"""
import collections
import sys

import libreader

CONTENT = {"noun", "proper-noun", "verb", "adjective", "adjectival-noun", "adverb"}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} ARTICLE", file=sys.stderr)
        return 2
    try:
        # The page's reading: MeCab, rules, EDICT compounds and glosses.
        doc = libreader.Pipeline().read_file(argv[1])
    except libreader.AnalyzerError as e:
        print(f"{argv[0]}: {e}", file=sys.stderr)
        return 77
    except libreader.Error as e:
        print(f"{argv[0]}: {e}", file=sys.stderr)
        return 1
    glossed = any(t.glosses for t in doc.tokens())  # none without EDICT
    counts: collections.Counter[tuple[str, str | None]] = collections.Counter()
    first: dict[tuple[str, str | None], libreader.Token] = {}
    for t in doc.tokens():
        if t.pos_class not in CONTENT or t.unknown or not t.kanji:
            continue
        key = (t.lemma, t.reading)
        counts[key] += 1
        first.setdefault(key, t)
    print("lemma\treading\tcount\tgloss\tsentence")
    for (lemma, _), n in counts.most_common():
        t = first[(lemma, _)]
        gloss = "; ".join(t.glosses[:3]) if glossed else ""
        print(f"{lemma}\t{t.reading}\t{n}\t{gloss}\t{t.parent.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
