#!/bin/sh
# Issue 16, item 12: one sentence of a long unbroken Latin run (MeCab
# refuses ~100 KB of it: "too long sentence") is analysed in pieces and
# never fails the document: `reader furigana` prints the whole line.
set -eu
reader=$1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
echo 日本 | "$reader" furigana >/dev/null 2>&1 || { echo "no dictionary"; exit 77; }
run=$(printf 'abcdefghij%.0s' $(seq 1 100))          # 1 KB
run=$run$run$run$run$run$run$run$run$run$run          # 10 KB
run=$run$run$run$run$run$run$run$run$run$run          # 100 KB
printf '日本語の文です。%s%s。\n' "$run" "$run" > "$d/in"   # one 200 KB sentence
"$reader" furigana < "$d/in" > "$d/out"
grep -q '^<ruby>日本語<rt>にほんご</rt></ruby>の<ruby>文<rt>ぶん</rt></ruby>です。' "$d/out" || { head -c 300 "$d/out"; exit 1; }
sed 's/<rt>[^<]*<\/rt>//g; s/<\/*ruby>//g' "$d/out" | cmp -s - "$d/in" || { echo "the line did not come back whole"; exit 1; }
# Words with spaces between them: cut at a space, so no word is split.
i=0; : > "$d/w"; while [ $i -lt 3000 ]; do printf 'word%d ' $i >> "$d/w"; i=$((i + 1)); done
{ printf '東京で'; cat "$d/w"; printf '。\n'; } > "$d/in"
"$reader" furigana < "$d/in" > "$d/out"
sed 's/<rt>[^<]*<\/rt>//g; s/<\/*ruby>//g' "$d/out" | cmp -s - "$d/in" || { echo "the spaced line did not come back whole"; exit 1; }
echo ok
