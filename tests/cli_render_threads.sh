#!/bin/sh
# `reader render --threads N`: the same bytes for 1, 2 and 3 threads (XML
# and the page), and a bad N is a usage error (exit 2). Skips (77) without
# a MeCab dictionary.
#   cli_render_threads.sh READER ARTICLE TMPDIR
set -u
reader=$1 article=$2 tmp=$3
mkdir -p "$tmp"
if ! "$reader" render "$article" --format xml --no-glossary --threads 1 > "$tmp/t1.xml" 2> "$tmp/err"; then
  grep -qi "dictionary" "$tmp/err" && { cat "$tmp/err"; exit 77; }
  cat "$tmp/err"; exit 1
fi
for n in 2 3; do
  "$reader" render "$article" --format xml --no-glossary --threads $n > "$tmp/t$n.xml" 2>/dev/null || exit 1
  cmp "$tmp/t1.xml" "$tmp/t$n.xml" || { echo "XML differs with --threads $n"; exit 1; }
done
"$reader" render "$article" --threads 1 > "$tmp/p1.html" 2>/dev/null || exit 1
"$reader" render "$article" > "$tmp/p0.html" 2>/dev/null || exit 1
cmp "$tmp/p1.html" "$tmp/p0.html" || { echo "page with default threads differs from --threads 1"; exit 1; }
grep -q "<token" "$tmp/t1.xml" || { echo "no tokens in the XML"; exit 1; }
for bad in 0 x -1 65; do
  "$reader" render "$article" --threads $bad > /dev/null 2>&1
  rc=$?
  [ $rc -eq 2 ] || { echo "--threads $bad: exit $rc, expected 2"; exit 1; }
done
echo "render --threads: identical output for 1, 2, 3 threads"
