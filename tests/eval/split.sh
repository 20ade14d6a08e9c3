#!/bin/sh
# Score the dev set in two halves split by article (item 7 of issue 12):
# an article (the part of "id" before ':') goes to half A when the first
# byte of the MD5 of its id is even, else to half B. The rule is fixed and
# knows no sentence, so both halves are stable across runs and machines.
# Tune rules on half A only; half B is the figure that counts.
# Usage: split.sh path/to/reader [GOLD.jsonl] [A|B|both]
# Exits 77 when the dev set or the scorer is not there.
reader="$1"
gold="${2:-${READER_EVAL_DIR:-/work/shared/eval}/nhk-easy-dev.jsonl}"
which="${3:-both}"
here=$(cd "$(dirname "$0")" && pwd)
scorer="$(dirname "$gold")/score_furigana.py"
if [ ! -f "$gold" ] || [ ! -f "$scorer" ]; then
  echo "SKIP: no dev set at $gold"
  exit 77
fi
py=/usr/bin/python3
[ -x "$py" ] || py=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$scorer" "$tmp/score_furigana.py"
"$py" - "$gold" "$tmp" <<'PY' || exit 1
import hashlib, json, sys
gold, out = sys.argv[1], sys.argv[2]
halves = {"A": open(out + "/A.jsonl", "w", encoding="utf-8"),
          "B": open(out + "/B.jsonl", "w", encoding="utf-8")}
for line in open(gold, encoding="utf-8"):
    if not line.strip():
        continue
    article = json.loads(line)["id"].split(":")[0]
    half = "A" if hashlib.md5(article.encode()).digest()[0] % 2 == 0 else "B"
    halves[half].write(line)
PY
status=0
for h in A B; do
  [ "$which" = both ] || [ "$which" = "$h" ] || continue
  echo "== half $h (articles: $(cut -d'"' -f4 "$tmp/$h.jsonl" | cut -d: -f1 | sort -u | wc -l), sentences: $(wc -l < "$tmp/$h.jsonl"))"
  sh "$here/score.sh" "$reader" "$tmp/$h.jsonl" 0 || status=1
done
exit $status
