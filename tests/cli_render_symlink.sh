#!/bin/sh
# Issue 16, item 5: `reader render in/a.txt in/b.txt` with a planted
# in/a.html -> ../victim replaces the link, never the victim; a link the
# user names with -o is still written through.
set -eu
reader=$1 src=$2
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mkdir "$d/in"
cp "$src/corpus/dmm-bitcoin-2024/article.ja.txt" "$d/in/a.txt"
cp "$d/in/a.txt" "$d/in/b.txt"
echo victim > "$d/victim"
ln -s ../victim "$d/in/a.html"
"$reader" render "$d/in/a.txt" "$d/in/b.txt" >/dev/null 2>"$d/err"
[ "$(cat "$d/victim")" = victim ] || { echo "the planted link's target was overwritten"; exit 1; }
[ ! -L "$d/in/a.html" ] || { echo "the planted link is still there"; exit 1; }
grep -q '<html' "$d/in/a.html" || { echo "no page written in place of the link"; exit 1; }
grep -q 'a.html is a symbolic link; replacing the link, not its target' "$d/err" || { cat "$d/err"; exit 1; }
ln -s victim "$d/named"
"$reader" render -o "$d/named" "$d/in/a.txt" >/dev/null 2>&1
[ -L "$d/named" ] && grep -q '<html' "$d/victim" || { echo "-o LINK did not write through the named link"; exit 1; }
ls -A "$d/in" | grep -q '~' && { echo "temporary file left behind"; ls -A "$d/in"; exit 1; }
echo ok
