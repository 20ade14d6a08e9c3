#!/bin/sh
# Issue 16, item 16: a corrupt compiled user dictionary is refused before
# MeCab sees it (it used to segfault inside MeCab, or blame the system
# dictionary); the message names the user dictionary.
set -eu
reader=$1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
printf '猫又\tねこまた\n' > "$d/w.tsv"
"$reader" dict "$d/w.tsv" -o "$d/u.dic" >/dev/null 2>&1 || { echo "no mecab-dict-index or dictionary"; exit 77; }
out=$(echo 猫又 | "$reader" furigana --user-dictionary "$d/u.dic")
[ "$out" = '<ruby>猫又<rt>ねこまた</rt></ruby>' ] || { echo "good user dictionary: $out"; exit 1; }
refused() { # NAME FILE EXPECTED-TEXT
  set +e
  echo 猫又 | "$reader" furigana --user-dictionary "$2" >/dev/null 2>"$d/err"; rc=$?
  set -e
  [ $rc -eq 1 ] || { echo "$1: exit $rc, expected 1"; cat "$d/err"; exit 1; }
  grep -q "user dictionary $2: $3" "$d/err" || { echo "$1: message"; cat "$d/err"; exit 1; }
}
head -c 2000 "$d/u.dic" > "$d/trunc.dic"
refused truncated "$d/trunc.dic" "not a compiled MeCab dictionary"
printf 'tiny' > "$d/short.dic"
refused short "$d/short.dic" "too short"
# A forged double array with a header that still adds up: the first
# unit's base points far outside the file.
cp "$d/u.dic" "$d/base.dic"
printf '\377\377\377\177' | dd of="$d/base.dic" bs=1 seek=72 conv=notrunc 2>/dev/null
refused "forged base" "$d/base.dic" "corrupt (double array)"
# A token whose feature offset is past the features.
cp "$d/u.dic" "$d/feat.dic"
dsize=$(od -An -tu4 -j24 -N4 "$d/u.dic" | tr -d ' ')
printf '\377\377\377\177' | dd of="$d/feat.dic" bs=1 seek=$((72 + dsize + 8)) conv=notrunc 2>/dev/null
refused "forged feature" "$d/feat.dic" "corrupt (tokens)"
# The type word says system dictionary.
cp "$d/u.dic" "$d/sys.dic"
printf '\0\0\0\0' | dd of="$d/sys.dic" bs=1 seek=8 conv=notrunc 2>/dev/null
refused "system as user" "$d/sys.dic" "a system dictionary, not a user dictionary"
echo ok
