#!/bin/sh
# The output files of `reader render` (issue 14, sixth round): the
# guarantees that outlive the syscall diet. An output that is the input
# itself (by name, a symbolic link or a hard link) is refused before
# anything is written; a replaced output keeps its mode even where the
# umask would take bits off it (0666 under umask 022) and a new one gets
# 0666 & ~umask; nothing else is left in the directory. Then, under strace
# when it is installed, what a file costs: a new output is an unnamed file
# named by one linkat() relative to its directory (no path walk, no
# rename, no fchmod, no getrandom, no stat of the output's name in a
# directory the run made); a replaced one one linkat() to a temporary
# name and one renameat(), still without fchmod or getrandom; each input
# is stat'ed once (twice when its output exists: "is it the input?").
# Stub analyzer: no dictionary needed.
#   cli_render_files.sh READER TMP_DIR
set -u
reader=$1 tmp=$2/cli_render_files
rm -rf "$tmp" && mkdir -p "$tmp/in" || exit 1
fail=0
bad() { echo "FAIL $1"; fail=1; }
R="$reader render --stub-analyzer --no-glossary --no-summaries --format brackets --threads 1"
n=20
i=0
while [ $i -lt $n ]; do printf '東京で%s回見た。\n' $i > "$tmp/in/a$i.txt"; i=$((i + 1)); done

# the output is the input: named with -o, a link beside it, a hard link beside it
printf '東京で見た。\n' > "$tmp/self.txt"
$R "$tmp/self.txt" -o "$tmp/self.txt" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 2 ] || bad "-o INPUT: exit $rc, expected 2"
grep -q 'is the input itself' "$tmp/err" || { bad "-o INPUT: no message"; cat "$tmp/err"; }
[ "$(cat "$tmp/self.txt")" = 東京で見た。 ] || bad "-o INPUT: the input was changed"
mkdir "$tmp/l" && cp "$tmp/self.txt" "$tmp/l/s.txt" && cp "$tmp/self.txt" "$tmp/l/t.txt"
ln -s s.txt "$tmp/l/s.brackets.txt"
$R "$tmp/l/t.txt" "$tmp/l/s.txt" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 2 ] || bad "output a symbolic link to its input: exit $rc, expected 2"
[ ! -e "$tmp/l/t.brackets.txt" ] || bad "output a symbolic link to its input: another output was written first"
rm "$tmp/l/s.brackets.txt" && ln "$tmp/l/s.txt" "$tmp/l/s.brackets.txt"
$R "$tmp/l/t.txt" "$tmp/l/s.txt" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 2 ] || bad "output a hard link to its input: exit $rc, expected 2"
[ "$(cat "$tmp/l/s.txt")" = 東京で見た。 ] || bad "output a hard link to its input: the input was changed"

# modes: new under umask 022 and 027; replaced ones keep 666, 600 and 640
(umask 022 && $R "$tmp/in"/a*.txt -o "$tmp/o" >/dev/null 2>"$tmp/err") || { bad "first run failed"; cat "$tmp/err"; }
[ "$(stat -c %a "$tmp/o/a0.brackets.txt")" = 644 ] || bad "new output under umask 022: $(stat -c %a "$tmp/o/a0.brackets.txt")"
cp "$tmp/o/a1.brackets.txt" "$tmp/expect1"
chmod 666 "$tmp/o/a0.brackets.txt"; chmod 600 "$tmp/o/a1.brackets.txt"; chmod 640 "$tmp/o/a2.brackets.txt"
echo old > "$tmp/o/a1.brackets.txt"
rm "$tmp/o/a3.brackets.txt"
(umask 027 && $R "$tmp/in"/a*.txt -o "$tmp/o" >/dev/null 2>"$tmp/err") || { bad "second run failed"; cat "$tmp/err"; }
for m in 0:666 1:600 2:640 3:640 4:644; do
  f=$tmp/o/a${m%%:*}.brackets.txt
  [ "$(stat -c %a "$f")" = "${m#*:}" ] || bad "a${m%%:*} (umask 027): mode $(stat -c %a "$f"), expected ${m#*:}"
done
cmp -s "$tmp/o/a1.brackets.txt" "$tmp/expect1" || bad "replaced output: not the new content"
[ "$(ls -A "$tmp/o" | wc -l)" = $n ] || { bad "not exactly the $n outputs in the directory"; ls -lA "$tmp/o"; }

# outputs beside inputs in alternating directories, a relative -o, one at /
mkdir "$tmp/x" "$tmp/y" && cp "$tmp/in/a0.txt" "$tmp/x/p.txt" && cp "$tmp/in/a1.txt" "$tmp/y/q.txt" && cp "$tmp/in/a2.txt" "$tmp/x/r.txt"
$R "$tmp/x/p.txt" "$tmp/y/q.txt" "$tmp/x/r.txt" >/dev/null 2>"$tmp/err" || { bad "beside inputs: failed"; cat "$tmp/err"; }
for f in x/p y/q x/r; do [ -s "$tmp/$f.brackets.txt" ] || bad "beside inputs: $f.brackets.txt missing"; done
[ "$(ls -A "$tmp/x" | wc -l)" = 4 ] && [ "$(ls -A "$tmp/y" | wc -l)" = 2 ] || { bad "beside inputs: files in the wrong place"; ls -lA "$tmp/x" "$tmp/y"; }
(cd "$tmp" && $R in/a0.txt -o rel.txt >/dev/null 2>"$tmp/err") || { bad "relative -o: failed"; cat "$tmp/err"; }
cmp -s "$tmp/rel.txt" "$tmp/x/p.brackets.txt" || bad "relative -o: not written where named"
if [ -w / ] && [ ! -e /reader-render-files-test.txt ]; then
  $R "$tmp/in/a0.txt" -o /reader-render-files-test.txt >/dev/null 2>"$tmp/err" || { bad "-o /NAME: failed"; cat "$tmp/err"; }
  cmp -s /reader-render-files-test.txt "$tmp/x/p.brackets.txt" || bad "-o /NAME: not written at /"
  rm -f /reader-render-files-test.txt
fi

# what each file costs: counted over n and 2n inputs, so that the
# start-up's own calls (the dynamic loader, the tables) cancel out
if ! command -v strace >/dev/null 2>&1; then
  [ $fail = 0 ] && echo "render files: self, modes: ok (strace missing: syscalls not counted)"
  exit $fail
fi
while [ $i -lt $((2 * n)) ]; do printf '東京で%s回見た。\n' $i > "$tmp/in/a$i.txt"; i=$((i + 1)); done
count() { awk -v s="$1" '$NF == s { print $4; f = 1 } END { if (!f) print 0 }' "$2"; }
# LeakSanitizer cannot run under ptrace: an ASan build leaves leaks to the other tests here
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export ASAN_OPTIONS
first=$(i=0; while [ $i -lt $n ]; do printf '%s ' "$tmp/in/a$i.txt"; i=$((i + 1)); done)
for k in 1 2; do
  set -- $first
  [ $k = 2 ] && set -- "$tmp/in"/a*.txt
  strace -f -c -o "$tmp/st.new$k" $R "$@" -o "$tmp/fresh$k" >/dev/null 2>"$tmp/err" || { bad "fresh run failed"; cat "$tmp/err"; }
  strace -f -c -o "$tmp/st.old$k" $R "$@" -o "$tmp/fresh$k" >/dev/null 2>"$tmp/err" || { bad "replacing run failed"; cat "$tmp/err"; }
  [ "$(ls -A "$tmp/fresh$k" | wc -l)" = $((k * n)) ] || { bad "fresh: not exactly the $((k * n)) outputs"; ls -lA "$tmp/fresh$k"; }
done
# per n more inputs: calls of c when new (or replaced, with old)
per() { echo $(($(count $1 "$tmp/st.$2"2) - $(count $1 "$tmp/st.$2"1))); }
for c in fchmod getrandom rename renameat2 unlink; do
  [ "$(per $c new)" = 0 ] || bad "new outputs: $(per $c new) $c calls per $n more, expected none"
  [ "$(per $c old)" = 0 ] || bad "replaced outputs: $(per $c old) $c calls per $n more, expected none"
done
[ "$(per linkat new)" = $n ] || bad "new outputs: $(per linkat new) linkat per $n, expected $n"
[ "$(per renameat new)" = 0 ] || bad "new outputs: renamed"
[ "$(per linkat old)" = $n ] || bad "replaced outputs: $(per linkat old) linkat per $n, expected $n"
[ "$(per renameat old)" = $n ] || bad "replaced outputs: $(per renameat old) renameat per $n, expected $n"
[ "$(per newfstatat new)" = $n ] || bad "new outputs: $(per newfstatat new) stat calls per $n inputs, expected $n"
[ "$(per newfstatat old)" = $((3 * n)) ] || bad "replaced outputs: $(per newfstatat old) stat calls per $n inputs, expected $((3 * n))"
[ "$(per openat new)" = $((2 * n)) ] || bad "new outputs: $(per openat new) opens per $n inputs, expected $((2 * n))"
# names relative to the output directory: no path in linkat/renameat
strace -f -e trace=linkat,renameat,renameat2,rename -o "$tmp/st.names" $R "$tmp/in"/a*.txt -o "$tmp/fresh1" >/dev/null 2>&1
if grep -v '/proc/self/fd' "$tmp/st.names" | grep -q "\"$tmp"; then
  bad "an output named by its whole path:"; grep -m3 "$tmp" "$tmp/st.names"
fi
[ $fail = 0 ] && echo "render files: self, modes, syscalls per input (new: 1 stat, 2 opens, 1 linkat; replaced: 3 stats, 1 linkat, 1 renameat): ok"
exit $fail
