#!/bin/sh
# `reader render` of a big plain-text article, streamed a block at a time
# (issue 14), against the whole-document read (READER_STREAM_MIN above the
# file's size): the same output bytes, the same warnings and exit code,
# with MeCab and the reading rules (the 町 rule reads earlier sentences,
# across block boundaries), at 1 and 2 threads, blocks of a line and of a
# few KiB; a late invalid byte and a failing write report as the whole
# read does and leave no output file.
# usage: cli_stream.sh READER SOURCE_DIR WORK_DIR
set -u
R=$1 SRC=$2 W=$3
rm -rf "$W" && mkdir -p "$W" || exit 1
printf '試験です。\n' > "$W/probe.txt"
"$R" render "$W/probe.txt" -f brackets --no-summaries -o "$W/probe.out" >/dev/null 2>&1 || { echo "no MeCab: skipped"; exit 77; }
fail=0
whole() { READER_STREAM_MIN=999999999999 "$R" render "$@"; }
streamed() { READER_STREAM_MIN=0 "$R" render "$@"; }

# A generated article of about 2 MB: contents, sections, citations, a
# Citations list, an afterword, prefectures and their towns far apart.
/usr/bin/python3 - "$W/gen.ja.txt" <<'EOF' || exit 1
import sys
out = open(sys.argv[1], "w", newline="")
out.write("大きな記事の見出し\n「副題」\nこれは記事のリードです[1]。\n\n目次\n1. 各地の様子\n- 北の町\n2. 本文にない見出し\n3. まとめ\n\n")
heads = ["1. 各地の様子", "北の町", "3. まとめ"]
n = sec = 0
while out.tell() < 2 * 1024 * 1024:
    if n % 3000 == 0 and sec < 3:
        out.write(heads[sec] + "\n"); sec += 1
    k = n % 9
    if k == 0: out.write("北海道の港で氷が見えました[%d]。\n" % (n % 3 + 1))
    elif k == 4: out.write("美幌町では雪が多く降りました。森町の人も来ました[2]。\n")
    elif k == 6: out.write("熊本県の話です。\n")
    elif k == 7: out.write("大津町で祭りがありました。\n\n")
    else: out.write("この%d番目の段落で、東京の会社が新しい計画を発表しました。\n" % n)
    n += 1
out.write("\nCitations:\n[1] https://example.com/1\n[2] https://example.com/2\n[3] https://example.com/3\n\nあとがき\nこの記事をどう思いましたか？\n")
EOF

check() { # FILE FORMAT THREADS BLOCK [OPTION...]
  f=$1 fmt=$2 t=$3 b=$4; shift 4
  whole "$f" -f "$fmt" --no-summaries --threads "$t" -o "$W/w.out" "$@" >"$W/w.log" 2>"$W/w.err"; wrc=$?
  READER_STREAM_BLOCK=$b streamed "$f" -f "$fmt" --no-summaries --threads "$t" -o "$W/s.out" "$@" >"$W/s.log" 2>"$W/s.err"; src=$?
  set -- "$f" "$fmt" "$t" "$b"
  if [ $wrc -ne 0 ] || [ $src -ne 0 ] || ! cmp -s "$W/w.out" "$W/s.out" || ! cmp -s "$W/w.err" "$W/s.err"; then
    echo "FAIL: $1 $2, $3 thread(s), blocks of $4: exit $wrc / $src"
    cmp "$W/w.out" "$W/s.out"; diff "$W/w.err" "$W/s.err" | head -5
    fail=1
  fi
}

for t in 1 2; do
  for f in "$SRC/corpus/dmm-bitcoin-2024/article.ja.txt" "$SRC"/tests/data/articles/*.ja.txt; do
    for fmt in text brackets; do check "$f" $fmt $t 1; done
  done
  for fmt in text brackets; do check "$W/gen.ja.txt" $fmt $t 3000; done
done
check "$W/gen.ja.txt" brackets 2 0
# known words: furigana on the others only, in every block
check "$SRC/corpus/dmm-bitcoin-2024/article.ja.txt" brackets 2 1 --known "$SRC/tests/data/known.txt"
check "$W/gen.ja.txt" brackets 1 5000 --known "$SRC/tests/data/known.txt" --furigana unknown

# An invalid byte in the last block: the whole read's message (file, byte
# and line), exit code 1, no output file.
cp "$W/gen.ja.txt" "$W/bad.ja.txt" && printf '最後の\377です。\n' >> "$W/bad.ja.txt"
rm -f "$W/bw.out" "$W/bs.out"
whole "$W/bad.ja.txt" -f brackets --no-summaries -o "$W/bw.out" 2>"$W/bw.err"; wrc=$?
streamed "$W/bad.ja.txt" -f brackets --no-summaries -o "$W/bs.out" 2>"$W/bs.err"; src=$?
if [ $wrc -ne 1 ] || [ $src -ne 1 ] || [ -e "$W/bs.out" ] || [ "$(cat "$W/bw.err")" != "$(cat "$W/bs.err")" ] ||
   ! grep -q 'invalid UTF-8 at byte' "$W/bs.err"; then
  echo "FAIL: late invalid UTF-8: exit $wrc / $src"; cat "$W/bw.err" "$W/bs.err"; fail=1
fi

# A write that fails in a late block (a 200 KiB file size limit): the same
# message, and no file left, new or replaced.
for t in 1 2; do
  rm -f "$W/lw.out" "$W/ls.out"
  (trap '' XFSZ; ulimit -f 200; whole "$W/gen.ja.txt" -f brackets --no-summaries --threads $t -o "$W/lw.out") 2>"$W/lw.err"; wrc=$?
  (trap '' XFSZ; ulimit -f 200; streamed "$W/gen.ja.txt" -f brackets --no-summaries --threads $t -o "$W/ls.out") 2>"$W/ls.err"; src=$?
  # the same lines; the warnings come after the error when streamed (they
  # are known once the article is read, the whole read's before it writes)
  sed "s|$W/lw.out|OUT|" "$W/lw.err" | sort > "$W/lw.msg"; sed "s|$W/ls.out|OUT|" "$W/ls.err" | sort > "$W/ls.msg"
  if [ $wrc -eq 0 ] || [ $src -ne $wrc ] || [ -e "$W/ls.out" ] || [ -e "$W/lw.out" ] || ! cmp -s "$W/lw.msg" "$W/ls.msg"; then
    echo "FAIL: failing write, $t thread(s): exit $wrc / $src"; cat "$W/lw.err" "$W/ls.err"; ls "$W"; fail=1
  fi
done
# ... and over an existing output, which stays as it was.
printf 'before\n' > "$W/keep.out"
(trap '' XFSZ; ulimit -f 200; streamed "$W/gen.ja.txt" -f brackets --no-summaries -o "$W/keep.out") 2>/dev/null
if [ "$(cat "$W/keep.out")" != before ] || ls -a "$W" | grep -q '^\.keep\.out~'; then
  echo "FAIL: a failed streamed write replaced or left beside the earlier output"; fail=1
fi

[ $fail -eq 0 ] && echo "streamed output equals the whole read"
exit $fail
