#!/bin/sh
# Golden files that depend on no dictionary: every view of every test
# article, read with the deterministic stub analyzer (`--stub-analyzer`, no
# compounds, no names, no glosses), compared with tests/golden/stub/. They pin the
# readers, the pipeline and the writers; readings are the stub's, so the
# files change only when our code does, never with the machine's MeCab or
# EDICT. UPDATE=1 regenerates them (read the diff before committing).
#   usage: stub.sh READER SOURCE_DIR
set -u
reader=$1 src=$2
cd "$src" || exit 1
exp=tests/golden/stub
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
for art in corpus/*/article.ja.txt tests/data/articles/*.ja.txt tests/data/articles/*.html; do
  [ -f "$art" ] || continue
  case $art in corpus/*) base=$(basename "$(dirname "$art")") ;; *) base=$(basename "$art"); base=${base%%.*} ;; esac
  # The page is checked by driving it in Chromium (tests/page), not pinned here.
  for fmt in xml json text brackets hiragana romaji vocab; do
    name=$base.$fmt
    if ! "$reader" render "$art" --stub-analyzer --no-compounds --no-names --no-glossary --no-summaries --threads 1 \
        --format $fmt -o "$tmp/$name" >/dev/null 2>"$tmp/err"; then
      echo "FAIL: $art $fmt: $(cat "$tmp/err")"; fail=1; continue
    fi
    n=$((n + 1))
    if [ "${UPDATE:-}" = 1 ]; then
      mkdir -p "$exp"; cp "$tmp/$name" "$exp/$name"
    elif ! diff -u "$exp/$name" "$tmp/$name" > "$tmp/diff"; then
      echo "FAIL: $art $fmt differs from $exp/$name:"; head -30 "$tmp/diff"; fail=1
    fi
  done
done
[ $n -gt 0 ] || { echo "FAIL: no article found"; exit 1; }
echo "$n stub golden files checked"
exit $fail
