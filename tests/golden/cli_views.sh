#!/bin/sh
# `reader render` and `reader query`: outputs, several files, exit codes.
#   usage: cli_views.sh READER SOURCE_DIR TMP_DIR
set -u
reader=$1 src=$2 tmp=$3/cli_views
rm -rf "$tmp" && mkdir -p "$tmp" || exit 1
art=$src/corpus/dmm-bitcoin-2024/article.ja.txt
fail=0
check() { # check NAME EXPECTED-STATUS COMMAND...
  name=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
  if [ "$got" != "$want" ]; then echo "FAIL $name: exit $got, expected $want"; cat "$tmp/err"; fail=1; else echo "ok   $name"; fi
}
has() { # has NAME FILE TEXT
  if grep -q -- "$3" "$2"; then echo "ok   $1"; else echo "FAIL $1: $2 lacks '$3'"; fail=1; fi
}
check "render missing file" 1 "$reader" render "$tmp/none.txt"
has "missing file is named" "$tmp/err" "none.txt"
check "render bad format" 2 "$reader" render "$art" --format pdf
check "render --summaries with two files" 2 "$reader" render "$art" "$art" --summaries x.xml
check "render page to a file" 0 "$reader" render "$art" --no-glossary -o "$tmp/page.html"
has "render says where it wrote" "$tmp/out" "wrote $tmp/page.html"
has "page has a summary" "$tmp/page.html" 'class="en"'
mkdir -p "$tmp/in" && cp "$art" "$tmp/in/a.txt" && printf '漢字の本。\n' > "$tmp/in/b.txt"
check "render two files into a directory" 0 "$reader" render "$tmp/in/a.txt" "$tmp/in/b.txt" --no-glossary --format text -o "$tmp/outdir"
if [ -s "$tmp/outdir/a.text.txt" ] && [ -s "$tmp/outdir/b.text.txt" ]; then echo "ok   two outputs"; else echo "FAIL two outputs"; fail=1; fi
check "render two files to standard output is refused" 2 "$reader" render "$tmp/in/a.txt" "$tmp/in/b.txt" -o -
if [ -e ./- ] || [ -e "$tmp/in/-" ]; then echo "FAIL a directory '-' was made"; fail=1; else echo "ok   no directory '-'"; fi
check "render two files beside their inputs" 0 "$reader" render "$tmp/in/a.txt" "$tmp/in/b.txt" --no-glossary --format vocab
if [ -s "$tmp/in/a.tsv" ] && [ -s "$tmp/in/b.tsv" ]; then echo "ok   outputs beside inputs"; else echo "FAIL outputs beside inputs"; fail=1; fi
check "render never overwrites its input" 2 "$reader" render "$tmp/in/b.txt" --format text -o "$tmp/in/b.txt"
if grep -q "漢字の本" "$tmp/in/b.txt"; then echo "ok   input intact"; else echo "FAIL input overwritten"; fail=1; fi
# A failed write leaves no partial file, keeps the previous output, and
# never removes what it could not write (as root, remove("/dev/full")
# deleted the device). A private device node when we may make one.
if mknod "$tmp/full" c 1 7 2>/dev/null; then dev=$tmp/full; else dev=/dev/full; fi
check "render to a full device fails" 1 "$reader" render "$tmp/in/b.txt" --no-glossary -o "$dev"
has "full device: the file and the cause are named" "$tmp/err" "cannot write $dev: No space left on device"
if [ -c "$dev" ]; then echo "ok   device still there"; else echo "FAIL render removed $dev"; fail=1; fi
check "render to a full standard output fails" 1 sh -c '"$0" render "$1" --no-glossary >/dev/full' "$reader" "$tmp/in/b.txt"
has "full standard output is named" "$tmp/err" "cannot write standard output: No space left on device"
echo OLD > "$tmp/old.html"
check "render past the file size limit fails" 1 sh -c 'trap "" XFSZ; ulimit -f 2; exec "$0" render "$1" --no-glossary -o "$2"' \
  "$reader" "$tmp/in/b.txt" "$tmp/old.html"
has "file size limit: the file is named" "$tmp/err" "cannot write $tmp/old.html"
if [ "$(cat "$tmp/old.html")" = OLD ]; then echo "ok   previous output kept"; else echo "FAIL previous output damaged"; fail=1; fi
if ls -a "$tmp" | grep -q '~'; then echo "FAIL temporary file left behind"; ls -a "$tmp"; fail=1; else echo "ok   no temporary file left"; fi
check "render over the previous output" 0 "$reader" render "$tmp/in/b.txt" --no-glossary -o "$tmp/old.html"
has "previous output replaced" "$tmp/old.html" "<!DOCTYPE html>"
(umask 022 && "$reader" render "$tmp/in/b.txt" --no-glossary -o "$tmp/new.html" >/dev/null)
if [ "$(stat -c %a "$tmp/new.html")" = 644 ]; then echo "ok   new output honours the umask"; else echo "FAIL new output mode $(stat -c %a "$tmp/new.html")"; fail=1; fi
if [ "$(id -u)" != 0 ]; then
  mkdir "$tmp/ro" && echo OLD > "$tmp/ro/w.html" && chmod 555 "$tmp/ro"
  check "render into a read-only directory fails" 1 "$reader" render "$tmp/in/b.txt" --no-glossary -o "$tmp/ro/x.html"
  has "read-only directory is named" "$tmp/err" "cannot write $tmp/ro/x.html: Permission denied"
  check "render over a writable file in a read-only directory" 0 "$reader" render "$tmp/in/b.txt" --no-glossary -o "$tmp/ro/w.html"
  has "written in place" "$tmp/ro/w.html" "<!DOCTYPE html>"
  chmod 755 "$tmp/ro"
fi
ctl=$(printf '%s/c\001.txt' "$tmp") && cp "$tmp/in/b.txt" "$ctl"
check "render a document XML cannot carry fails" 1 "$reader" render "$ctl" --format xml --no-glossary -o "$tmp/ctl.xml"
has "the article and the reason are named" "$tmp/err" "reader render: $ctl: cannot write XML attribute name="
if [ -e "$tmp/ctl.xml" ]; then echo "FAIL partial XML left behind"; fail=1; else echo "ok   no partial XML"; fi
check "render XML, then render that XML (no re-analysis)" 0 "$reader" render "$art" --no-glossary --format xml -o "$tmp/a.xml"
check "render from XML" 0 "$reader" render "$tmp/a.xml" --no-summaries --no-glossary --format xml -o "$tmp/b.xml"
if cmp -s "$tmp/a.xml" "$tmp/b.xml"; then echo "ok   XML through the command is byte-identical"; else echo "FAIL XML differs"; fail=1; fi
check "query section" 0 "$reader" query "$art" 2.1
has "query section text" "$tmp/out" "マルウェア感染の経緯"
check "query heading" 0 "$reader" query "$art" --heading "3.影響と対応"
has "query heading id" "$tmp/out" "^3 影響と対応"
check "query lemma" 0 "$reader" query "$art" --lemma 盗む
has "query lemma sentence" "$tmp/out" "^2.1	これにより、必要なIDやパスワードが盗まれました。"
# --lemma works over words: a word EDICT has that IPADIC splits, a word as
# written (inflected), and 来る, which IPADIC writes くる (行ってきた).
check "query lemma over a dictionary word" 0 "$reader" query "$art" --lemma ビットコイン
has "query lemma ビットコイン" "$tmp/out" "^2.1	トレーダートレーターは、DMMビットコインに関連する"
check "query lemma as written" 0 "$reader" query "$art" --lemma 盗まれた
has "query lemma 盗まれた" "$tmp/out" "から盗まれたもので"
check "query lemma 来る" 0 "$reader" query "$art" --lemma 来る
has "query lemma 来る finds 行ってきた" "$tmp/out" "行ってきた"
check "query lemma: a fragment of a word is not the word" 1 "$reader" query "$art" --lemma ビット
check "query unknown section" 1 "$reader" query "$art" 9
has "query lists sections" "$tmp/err" "1 1.1 1.2"
check "query to a full standard output fails" 1 sh -c '"$0" query "$1" 2.1 >/dev/full' "$reader" "$art"
has "query names standard output" "$tmp/err" "cannot write standard output"
check "query two files by lemma" 0 "$reader" query "$art" "$tmp/in/b.txt" --lemma 盗む
has "query several files: lines start with the file" "$tmp/out" "^$art	2.1	これにより"
has "query several files: the file without the word is named" "$tmp/err" "no sentence of $tmp/in/b.txt uses"
check "query two files by section" 0 "$reader" query "$tmp/in/b.txt" "$art" 2.1
has "query several files: answers are headed" "$tmp/out" "^==> $art <==$"
check "query with an unreadable file fails" 1 "$reader" query "$art" "$tmp/none.txt" --lemma 盗む
has "query names the unreadable file" "$tmp/err" "none.txt: cannot open"
check "query usage" 2 "$reader" query "$art"
exit $fail
