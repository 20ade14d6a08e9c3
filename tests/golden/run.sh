#!/bin/sh
# Golden tests: every view of every corpus article, compared with the
# reviewed files in corpus/<id>/expected/. UPDATE=1 regenerates them (then
# read them before committing). The files depend on the MeCab dictionary,
# recorded in expected/DICTIONARY: with another dictionary, or none, the
# test is skipped (exit 77) with the reason. Glosses are left out (EDICT
# releases differ between machines); summaries come from summaries.en.xml.
#   usage: run.sh READER DICTIONARY_INFO SOURCE_DIR
set -u
reader=$1 dictinfo=$2 src=$3
cd "$src" || exit 1
info=$("$dictinfo")
status=$?
if [ $status -eq 77 ]; then echo "SKIP: no MeCab dictionary: $info"; exit 77; fi
[ $status -eq 0 ] || { echo "dictionary_info failed: $info"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
for dir in corpus/*/; do
  dir=${dir%/}
  exp=$dir/expected
  if [ "${UPDATE:-}" = 1 ]; then
    mkdir -p "$exp"
    echo "$info" > "$exp/DICTIONARY"
  fi
  recorded=$(cat "$exp/DICTIONARY" 2>/dev/null || echo "(no $exp/DICTIONARY)")
  if [ "$recorded" != "$info" ]; then
    echo "SKIP: $exp was made with '$recorded'; this machine has '$info'"
    exit 77
  fi
  for fmt in html xml json text brackets hiragana romaji vocab; do
    case $fmt in
      html) name=article.html ;; xml) name=article.xml ;; json) name=article.json ;; vocab) name=article.vocab.tsv ;;
      *) name=article.$fmt.txt ;;
    esac
    if ! "$reader" render "$dir/article.ja.txt" --no-glossary --format $fmt -o "$tmp/$name" >/dev/null 2>"$tmp/err"; then
      echo "FAIL: $dir $fmt: $(cat "$tmp/err")"; fail=1; continue
    fi
    if [ "${UPDATE:-}" = 1 ]; then
      cp "$tmp/$name" "$exp/$name"; echo "updated $exp/$name"
    elif ! diff -u "$exp/$name" "$tmp/$name" > "$tmp/diff"; then
      echo "FAIL: $dir $fmt differs from $exp/$name:"; head -40 "$tmp/diff"; fail=1
    else
      echo "ok   $dir $fmt"
    fi
  done
  # Known words: the page marks them, the vocabulary leaves them out.
  if [ -f tests/data/known.txt ]; then
    "$reader" render "$dir/article.ja.txt" --no-glossary --known tests/data/known.txt --format vocab -o "$tmp/k.tsv" >/dev/null 2>&1
    if grep -q "^日本	" "$tmp/k.tsv" 2>/dev/null; then echo "FAIL: $dir: a known word is in the vocabulary"; fail=1; fi
  fi
done
exit $fail
