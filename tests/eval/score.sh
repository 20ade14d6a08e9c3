#!/bin/sh
# Score readings against NHK News Web Easy's editors (the shared dev set)
# through the reader page's path: the sentences are rendered to the page
# with `reader render --from lines` and read back from it
# (tests/eval/page_ruby.py), so the figure is what a learner sees.
# Usage: score.sh path/to/reader [GOLD.jsonl] [MIN%]
# Exits 77 when the dev set or the scorer is not there (e.g. a clean clone
# without ../shared), 1 when the figure is below MIN (default 98).
reader="$1"
gold="${2:-${READER_EVAL_DIR:-/work/shared/eval}/nhk-easy-dev.jsonl}"
min="${3:-98}"
here=$(cd "$(dirname "$0")" && pwd)
scorer="$(dirname "$gold")/score_furigana.py"
if [ ! -f "$gold" ] || [ ! -f "$scorer" ]; then
  echo "SKIP: no dev set at $gold"
  exit 77
fi
out=$(python3 "$scorer" "$gold" -- python3 "$here/page_ruby.py" "$reader") || { echo "$out"; exit 1; }
echo "$out"
pct=$(echo "$out" | sed -n 's/^kanji reading accuracy: .* = \([0-9.]*\)%$/\1/p')
echo "accuracy through the page: $pct% (minimum $min%)"
awk -v p="$pct" -v m="$min" 'BEGIN { exit !(p + 0 >= m + 0) }'
