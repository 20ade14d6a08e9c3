#!/bin/sh
# Score `reader furigana` against NHK News Web Easy's editors (the shared
# dev set). Usage: score.sh path/to/reader [GOLD.jsonl] [MIN%]
# Exits 77 when the dev set or the scorer is not there (e.g. a clean clone
# outside the team's machine), 1 when the figure is below MIN (default 98).
reader="$1"
gold="${2:-${READER_EVAL_DIR:-/work/shared/eval}/nhk-easy-dev.jsonl}"
min="${3:-98}"
scorer="$(dirname "$gold")/score_furigana.py"
if [ ! -f "$gold" ] || [ ! -f "$scorer" ]; then
  echo "SKIP: no dev set at $gold"
  exit 77
fi
out=$(python3 "$scorer" "$gold" -- "$reader" furigana) || { echo "$out"; exit 1; }
echo "$out"
pct=$(echo "$out" | sed -n 's/^kanji reading accuracy: .* = \([0-9.]*\)%$/\1/p')
echo "accuracy $pct% (minimum $min%)"
awk -v p="$pct" -v m="$min" 'BEGIN { exit !(p + 0 >= m + 0) }'
