#!/bin/sh
# Issue 16, item 17: `-` is standard input for outline, render and query;
# warnings are capped at 100 per document plus one "N more warnings" line
# (one input used to print 702,889 of them).
set -eu
reader=$1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
printf '題\n\n本文です。\n' > "$d/a.txt"
"$reader" outline - < "$d/a.txt" > "$d/out"
grep -q '^title: 題' "$d/out" || { echo "outline -: no title"; cat "$d/out"; exit 1; }
"$reader" query - --lemma 本文 < "$d/a.txt" > "$d/out"
grep -q '本文です。' "$d/out" || { echo "query -: no match"; cat "$d/out"; exit 1; }
"$reader" render --format text - < "$d/a.txt" > "$d/out"
grep -q '本文です。' "$d/out" || { echo "render -: no text"; cat "$d/out"; exit 1; }
{ printf '本文。[1]\nCitations:\n'; i=0; while [ $i -lt 5001 ]; do echo '[1] https://a.example/'; i=$((i + 1)); done; } > "$d/dup.txt"
"$reader" outline - < "$d/dup.txt" > /dev/null 2> "$d/err"
n=$(grep -c 'warning' "$d/err")
[ "$n" = 101 ] || { echo "expected 101 warning lines, got $n"; exit 1; }
grep -q '^-: warning: line 4: reference \[1\] listed twice' "$d/err" || { head -3 "$d/err"; exit 1; }
tail -1 "$d/err" | grep -q 'warning: 4900 more warnings not shown (at most 100 are kept)' || { tail -1 "$d/err"; exit 1; }
echo ok
