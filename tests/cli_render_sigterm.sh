#!/bin/sh
# Issue 16, item 9: SIGTERM while render writes its temporary file removes
# it (the output is renamed into place only when complete).
set -eu
reader=$1 src=$2
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
i=0
while [ $i -lt 300 ]; do cat "$src/corpus/dmm-bitcoin-2024/article.ja.txt"; i=$((i + 1)); done > "$d/big.txt"
"$reader" render --format xml -o "$d/out.xml" "$d/big.txt" >/dev/null 2>&1 &
pid=$!
n=0
while ! ls -A "$d" | grep -q '~' && kill -0 $pid 2>/dev/null && [ $n -lt 3000 ]; do sleep 0.01; n=$((n + 1)); done
if ! ls -A "$d" | grep -q '~'; then wait $pid || true; echo "skipped: the write ended before it could be interrupted"; exit 77; fi
kill -TERM $pid
rc=0; wait $pid || rc=$?
# the write may have finished between the look and the kill
if [ $rc = 0 ] && [ -s "$d/out.xml" ]; then echo "skipped: the write ended before the signal"; exit 77; fi
[ $rc = 143 ] || { echo "render exited $rc after SIGTERM, expected 143"; exit 1; }
if ls -A "$d" | grep -q '~'; then echo "temporary file left behind:"; ls -lA "$d"; exit 1; fi
[ ! -e "$d/out.xml" ] || { echo "a partial output was left"; exit 1; }
echo ok
