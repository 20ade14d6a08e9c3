#!/bin/sh
# `reader render A B C ... -o DIR` (issue 14): two inputs with one output
# name are refused naming the first pair in input order; a bad input among
# good ones is reported with its path, the others are still written and
# the exit status is 1; a new output gets 0666 & ~umask, a replaced one
# keeps its mode; nothing but the outputs is left in DIR. Stub analyzer:
# no dictionary needed.
#   cli_render_batch.sh READER SOURCE_DIR TMP_DIR
set -u
reader=$1 src=$2 tmp=$3/cli_render_batch
rm -rf "$tmp" && mkdir -p "$tmp/a" "$tmp/b" || exit 1
fail=0
bad() { echo "FAIL $1"; fail=1; }
R="$reader render --stub-analyzer --no-glossary --no-summaries --format brackets"
for i in 1 2 3 4 5; do printf '東京で%s回見た。\n' $i > "$tmp/a/art$i.txt"; done
cp "$tmp/a/art2.txt" "$tmp/b/art2.txt"
cp "$tmp/a/art4.txt" "$tmp/b/art4.txt"
# a/art2 and b/art2 collide first (b/art4 later): exit 2, that pair named
$R "$tmp/a/art1.txt" "$tmp/a/art2.txt" "$tmp/a/art4.txt" "$tmp/b/art4.txt" "$tmp/b/art2.txt" -o "$tmp/o1" \
  >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] || bad "duplicate output names: exit $rc, expected 2"
grep -qF "$tmp/a/art4.txt and $tmp/b/art4.txt would both be written to $tmp/o1/art4.brackets.txt" "$tmp/err" ||
  { bad "duplicate output names: the first colliding pair in input order is not named"; cat "$tmp/err"; }
[ ! -e "$tmp/o1" ] || [ -z "$(ls -A "$tmp/o1")" ] || bad "duplicate output names: something was written"
# a bad input among good ones, on 1 and 2 threads
printf 'bad \377 utf-8\n' > "$tmp/a/art3.txt"
for th in 1 2; do
  out=$tmp/o$th.$th
  (umask 027 && $R "$tmp/a/art1.txt" "$tmp/a/art2.txt" "$tmp/a/art3.txt" "$tmp/a/missing.txt" "$tmp/a/art5.txt" \
    --threads $th -o "$out" >"$tmp/out" 2>"$tmp/err")
  rc=$?
  [ $rc = 1 ] || bad "bad inputs, $th thread(s): exit $rc, expected 1"
  grep -qF "$tmp/a/art3.txt" "$tmp/err" || { bad "bad inputs, $th thread(s): no message naming art3.txt"; cat "$tmp/err"; }
  grep -qF "$tmp/a/missing.txt" "$tmp/err" || { bad "bad inputs, $th thread(s): no message naming missing.txt"; cat "$tmp/err"; }
  for i in 1 2 5; do
    [ -s "$out/art$i.brackets.txt" ] || bad "bad inputs, $th thread(s): art$i not written"
    grep -qF "wrote $out/art$i.brackets.txt" "$tmp/out" || bad "bad inputs, $th thread(s): art$i not reported"
  done
  [ "$(ls -A "$out" | wc -l)" = 3 ] || { bad "bad inputs, $th thread(s): not exactly the three outputs in the directory"; ls -lA "$out"; }
  mode=$(stat -c %a "$out/art1.brackets.txt")
  [ "$mode" = 640 ] || bad "new output under umask 027: mode $mode, expected 640"
done
cmp -s "$tmp/o1.1/art5.brackets.txt" "$tmp/o2.2/art5.brackets.txt" || bad "1 and 2 threads wrote different bytes"
# replacing: the old output's mode is kept, its content replaced
chmod 600 "$tmp/o1.1/art1.brackets.txt"
echo old > "$tmp/o1.1/art1.brackets.txt"
$R "$tmp/a/art1.txt" "$tmp/a/art5.txt" -o "$tmp/o1.1" >/dev/null 2>"$tmp/err" || { bad "replacing: failed"; cat "$tmp/err"; }
mode=$(stat -c %a "$tmp/o1.1/art1.brackets.txt")
[ "$mode" = 600 ] || bad "replaced output: mode $mode, expected 600 (kept)"
cmp -s "$tmp/o1.1/art1.brackets.txt" "$tmp/o2.2/art1.brackets.txt" || bad "replaced output: content not the new one"
ls -A "$tmp/o1.1" | grep -q '~' && bad "a temporary file was left"
[ $fail = 0 ] && echo "render batch: duplicates, bad inputs, modes: ok"
exit $fail
