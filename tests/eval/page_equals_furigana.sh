#!/bin/sh
# One pipeline: every sentence of the dev set reads the same on the reader
# page (`reader render`, read back by page_ruby.py) as from `reader
# furigana`, and `reader render --format brackets` writes the same brackets
# text as `reader furigana --format brackets`. Exits 77 without the dev set
# or a MeCab dictionary.   usage: page_equals_furigana.sh READER [GOLD.jsonl]
reader="$1"
gold="${2:-${READER_EVAL_DIR:-/work/shared/eval}/nhk-easy-dev.jsonl}"
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$gold" ] || { echo "SKIP: no dev set at $gold"; exit 77; }
if ! err=$(printf '' | "$reader" furigana 2>&1); then echo "SKIP: $err"; exit 77; fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip(): print(json.loads(line)["text"])' "$gold" > "$tmp/in.txt" || exit 1
n=$(wc -l < "$tmp/in.txt")
fail=0
"$reader" furigana < "$tmp/in.txt" > "$tmp/furigana.html" || exit 1
python3 "$here/page_ruby.py" "$reader" < "$tmp/in.txt" > "$tmp/page.html" || exit 1
if ! diff -u "$tmp/furigana.html" "$tmp/page.html" > "$tmp/diff"; then
  echo "FAIL: the page reads $(grep -c '^-[^-]' "$tmp/diff") of $n sentences differently from reader furigana:"
  head -20 "$tmp/diff"; fail=1
else
  echo "ok   page = furigana on all $n sentences"
fi
"$reader" furigana --format brackets < "$tmp/in.txt" > "$tmp/furigana.txt" || exit 1
"$reader" render --from lines --no-glossary --no-summaries --format brackets "$tmp/in.txt" | grep -v '^$' > "$tmp/render.txt"
if ! diff -u "$tmp/furigana.txt" "$tmp/render.txt" > "$tmp/diff"; then
  echo "FAIL: reader render --format brackets differs from reader furigana --format brackets:"
  head -10 "$tmp/diff"; fail=1
else
  echo "ok   render brackets = furigana brackets on all $n sentences"
fi
exit $fail
