#!/bin/sh
# Issue 16, item 9: SIGTERM while render writes leaves no partial output.
# Over an existing output, the temporary file beside it is removed and the
# old output stays; a new output is an unnamed file (O_TMPFILE) that is
# named only when complete, so nothing appears at all. Since issue 14's
# sixth round a replacement is an unnamed file too, named only once
# complete: SIGKILL, which no handler sees, leaves nothing either.
set -eu
reader=$1 src=$2
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
i=0
while [ $i -lt 300 ]; do cat "$src/corpus/dmm-bitcoin-2024/article.ja.txt"; i=$((i + 1)); done > "$d/big.txt"
skipped=0
# writing PID: the temporary file exists, or the process holds an unnamed one
writing() {
  ls -A "$d" | grep -q '~' || ls -l "/proc/$1/fd" 2>/dev/null | grep -q "$d/#"
}
for sig in TERM KILL; do
for case in existing new; do
  rm -f "$d/out.xml"
  [ $case = existing ] && echo old > "$d/out.xml"
  "$reader" render --format xml -o "$d/out.xml" "$d/big.txt" >/dev/null 2>&1 &
  pid=$!
  n=0
  while ! writing $pid && kill -0 $pid 2>/dev/null && [ $n -lt 3000 ]; do sleep 0.01; n=$((n + 1)); done
  if ! writing $pid; then wait $pid || true; echo "SIG$sig, $case: the write ended before it could be interrupted"; skipped=$((skipped + 1)); continue; fi
  kill -$sig $pid
  rc=0; wait $pid || rc=$?
  # the write may have finished between the look and the kill
  if [ $rc = 0 ]; then echo "SIG$sig, $case: the write ended before the signal"; skipped=$((skipped + 1)); continue; fi
  want=143; [ $sig = KILL ] && want=137
  [ $rc = $want ] || { echo "$case: render exited $rc after SIG$sig, expected $want"; exit 1; }
  if ls -A "$d" | grep -q '~'; then echo "SIG$sig, $case: temporary file left behind:"; ls -lA "$d"; exit 1; fi
  if [ $case = existing ]; then
    [ "$(cat "$d/out.xml")" = old ] || { echo "existing: the old output was not kept"; exit 1; }
  else
    [ ! -e "$d/out.xml" ] || { echo "new: a partial output was left"; exit 1; }
  fi
  echo "SIG$sig, $case: ok"
done
done
[ $skipped -lt 4 ] || { echo "skipped: no write could be interrupted"; exit 77; }
