#!/bin/sh
# Issue 16, item 10: one input limit (READER_MAX_INPUT), checked before
# reading. A regular file over it is refused from its size (fstat: a
# sparse file of limit + 1 bytes, and a 64 GiB one at the default limit,
# refused at once), a pipe while read; a value that is no size is an
# error; and `reader render --format xml` refuses XML larger than the
# limit, which no reader command would read back, while XML under it
# reads back.
set -u
reader=$1 src=$2
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
export XDG_CACHE_HOME="$d/cache" # the dictionaries' caches: never the user's
fail() { echo "FAIL: $*"; exit 1; }
expect() { # WANT_RC WANT_STDERR_SUBSTRING CMD...
  want_rc=$1 want=$2
  shift 2
  "$@" >"$d/out" 2>"$d/err"
  rc=$?
  [ "$rc" = "$want_rc" ] || fail "$* exited $rc, expected $want_rc: $(cat "$d/err")"
  [ -z "$want" ] || grep -qF -- "$want" "$d/err" || fail "$*: stderr lacks '$want': $(cat "$d/err")"
}

truncate -s 1001 "$d/sparse.txt"
READER_MAX_INPUT=1000 expect 1 "$d/sparse.txt: larger than 1000 bytes (the input limit; READER_MAX_INPUT=BYTES changes it)" \
  "$reader" outline "$d/sparse.txt"
printf '題\n\n本文です。\n' >"$d/small.txt"
READER_MAX_INPUT=1000 expect 0 "" "$reader" outline "$d/small.txt"
READER_MAX_INPUT=1K expect 0 "" "$reader" outline "$d/small.txt"
READER_MAX_INPUT=abc expect 1 "READER_MAX_INPUT='abc' is not a size" "$reader" outline "$d/small.txt"
READER_MAX_INPUT=3G expect 1 "READER_MAX_INPUT='3G' is out of range" "$reader" outline "$d/small.txt"
# standard input is counted while read
head -c 5000 /dev/zero | tr '\0' 'a' >"$d/a5000"
READER_MAX_INPUT=1000 expect 1 "<stdin>: larger than 1000 bytes" sh -c "cat '$d/a5000' | '$reader' outline -"

# the default limit: a 64 GiB sparse file is refused from its size, at once
if truncate -s 64G "$d/huge.txt" 2>/dev/null; then
  start=$(date +%s)
  expect 1 "huge.txt: larger than 268435456 bytes" "$reader" outline "$d/huge.txt"
  [ $(($(date +%s) - start)) -le 5 ] || fail "refusing a 64 GiB sparse file took more than 5 s: was it read?"
  rm -f "$d/huge.txt"
fi

# XML: the limit is 20 MiB here (above the 19 MB EDICT the compounds rule
# reads); 60 copies of the corpus article (459 KB) make about 23 MB of
# XML without glosses (28 MB with them for 40 copies)
i=0
while [ $i -lt 60 ]; do cat "$src/corpus/dmm-bitcoin-2024/article.ja.txt"; i=$((i + 1)); done >"$d/big.txt"
READER_MAX_INPUT=20M expect 1 "big.txt: its XML would be larger than 20971520 bytes" \
  "$reader" render --no-glossary --format xml -o "$d/big.xml" "$d/big.txt"
[ ! -e "$d/big.xml" ] || fail "a refused XML was written"
ls -A "$d" | grep -q '~' && fail "a temporary file was left"
# to standard output nothing can be taken back: counted first, nothing written
READER_MAX_INPUT=20M expect 1 "big.txt: its XML would be larger than 20971520 bytes" \
  "$reader" render --no-glossary --format xml "$d/big.txt"
[ ! -s "$d/out" ] || fail "XML refused on standard output was partly written"
READER_MAX_INPUT=20M expect 0 "" "$reader" render --no-glossary --format html -o "$d/big.html" "$d/big.txt"
# under the limit it is written, and reads back under the same limit
cat "$src/corpus/dmm-bitcoin-2024/article.ja.txt" >"$d/one.txt"
READER_MAX_INPUT=20M expect 0 "" "$reader" render --no-glossary --format xml -o "$d/one.xml" "$d/one.txt"
READER_MAX_INPUT=20M expect 0 "" "$reader" outline "$d/one.xml"
echo ok
