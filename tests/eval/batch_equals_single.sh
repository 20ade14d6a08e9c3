#!/bin/sh
# One `reader render` over many articles equals one process per article:
# the batch's worker threads keep their MeCab feature cache from one
# document to the next (annotate.c, thread_cache), and nothing a document
# leaves in it may change how the next one reads. Articles repeat (A B A)
# so that cached words meet a later document. xml shows every token's
# reading, lemma, part of speech and ruby. Exits 77 without a dictionary.
# Usage: batch_equals_single.sh path/to/reader SOURCE_DIR
reader="$1"
src="$2"
if ! out=$(printf '' | "$reader" furigana 2>&1); then
  echo "SKIP: $out"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
for round in 1 2; do
  for f in "$src"/corpus/*/article.ja.txt "$src"/tests/data/articles/*.ja.txt; do
    case $f in *bad-utf8*) continue ;; esac
    i=$((i + 1))
    cp "$f" "$tmp/$(printf %03d $i).ja.txt"
  done
done
fail=0
for threads in 1 2; do
  mkdir -p "$tmp/batch$threads" "$tmp/one$threads"
  "$reader" render "$tmp"/*.ja.txt --format xml --no-summaries --no-glossary --threads $threads \
    -o "$tmp/batch$threads" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
  for f in "$tmp"/*.ja.txt; do
    "$reader" render "$f" --format xml --no-summaries --no-glossary --threads $threads \
      -o "$tmp/one$threads/$(basename "$f" .txt).xml" >/dev/null 2>>"$tmp/err" || { cat "$tmp/err"; exit 1; }
  done
  if diff -r "$tmp/batch$threads" "$tmp/one$threads" >"$tmp/diff"; then
    echo "ok   batch_equals_single_threads_$threads ($i articles)"
  else
    echo "FAIL batch_equals_single_threads_$threads"; head -20 "$tmp/diff"; fail=1
  fi
done
exit $fail
