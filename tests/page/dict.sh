#!/bin/sh
# `reader dict`: corrections exported by the reader page (or a word list
# with readings) become a MeCab user dictionary that changes segmentation
# and reading; bad lines are refused with the line number.
#   usage: dict.sh READER OUT_DIR
# Skipped (77) without mecab-dict-index (Debian: mecab-utils).
set -u
reader=$1 out=$2
idx=${READER_MECAB_DICT_INDEX:-/usr/lib/mecab/mecab-dict-index}
[ -x "$idx" ] || { echo "SKIP: $idx missing (apt-get install mecab-utils)"; exit 77; }
mkdir -p "$out" && cd "$out" || exit 1
rm -f user.dic bad.dic
fail=0
printf '# Reading corrections, exported from a libreader page.\n鯖缶\tさばかん\n' > overrides.tsv
before=$(echo 鯖缶を食べた | "$reader" furigana --format brackets)
# Skip only when the system dictionary already has the word as one token;
# any other difference is a failure below, never a silent skip.
case $before in *"鯖缶["*) echo "SKIP: this dictionary already knows the word: $before"; exit 77 ;; esac
[ "$before" = "鯖[さば]缶[かん]を 食[た]べた" ] || { echo "FAIL: without the user dictionary: $before"; exit 1; }
"$reader" dict overrides.tsv -o user.dic || { echo "FAIL: reader dict exited $?"; exit 1; }
after=$(echo 鯖缶を食べた | "$reader" furigana --format brackets --user-dictionary user.dic)
[ "$after" = "鯖缶[さばかん]を 食[た]べた" ] || { echo "FAIL: with the user dictionary: $after"; fail=1; }
# A word list in katakana works the same.
printf '鯖缶\tサバカン\n' > words.tsv
"$reader" dict words.tsv -o user2.dic && after=$(echo 鯖缶 | "$reader" furigana --format hiragana --user-dictionary user2.dic)
[ "$after" = "さばかん" ] || { echo "FAIL: katakana word list: $after"; fail=1; }
for bad in 'x' '鯖缶\tabc' 'a,b\tあ'; do
  printf "$bad\n" > bad.tsv
  msg=$("$reader" dict bad.tsv -o bad.dic 2>&1); st=$?
  case "$st:$msg" in
    1:*"bad.tsv: line 1:"*) ;;
    *) echo "FAIL: '$bad' gave status $st: $msg"; fail=1 ;;
  esac
  [ ! -e bad.dic ] || { echo "FAIL: '$bad' left bad.dic"; fail=1; }
done
"$reader" dict overrides.tsv 2>/dev/null; [ $? -eq 2 ] || { echo "FAIL: missing -o is not a usage error"; fail=1; }
[ $fail -eq 0 ] && echo "ok: reader dict"
exit $fail
