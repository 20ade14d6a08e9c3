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
check "render two files beside their inputs" 0 "$reader" render "$tmp/in/a.txt" "$tmp/in/b.txt" --no-glossary --format vocab
if [ -s "$tmp/in/a.tsv" ] && [ -s "$tmp/in/b.tsv" ]; then echo "ok   outputs beside inputs"; else echo "FAIL outputs beside inputs"; fail=1; fi
check "render never overwrites its input" 2 "$reader" render "$tmp/in/b.txt" --format text -o "$tmp/in/b.txt"
if grep -q "漢字の本" "$tmp/in/b.txt"; then echo "ok   input intact"; else echo "FAIL input overwritten"; fail=1; fi
check "render XML, then render that XML (no re-analysis)" 0 "$reader" render "$art" --no-glossary --format xml -o "$tmp/a.xml"
check "render from XML" 0 "$reader" render "$tmp/a.xml" --no-summaries --no-glossary --format xml -o "$tmp/b.xml"
if cmp -s "$tmp/a.xml" "$tmp/b.xml"; then echo "ok   XML through the command is byte-identical"; else echo "FAIL XML differs"; fail=1; fi
check "query section" 0 "$reader" query "$art" 2.1
has "query section text" "$tmp/out" "マルウェア感染の経緯"
check "query heading" 0 "$reader" query "$art" --heading "3.影響と対応"
has "query heading id" "$tmp/out" "^3 影響と対応"
check "query lemma" 0 "$reader" query "$art" --lemma 盗む
has "query lemma sentence" "$tmp/out" "^2.1	これにより、必要なIDやパスワードが盗まれました。"
check "query unknown section" 1 "$reader" query "$art" 9
has "query lists sections" "$tmp/err" "1 1.1 1.2"
check "query usage" 2 "$reader" query "$art"
exit $fail
