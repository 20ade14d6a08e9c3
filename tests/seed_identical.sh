#!/bin/sh
# corpus/dmm-bitcoin-2024/article.ja.txt must stay the seed article byte for
# byte. The seed lives in ../shared/seed beside a checkout; skip without it.
src=$1
seed="$src/../shared/seed/dmm-bitcoin-2024.ja.txt"
[ -f "$seed" ] || { echo "SKIP: $seed not present"; exit 77; }
cmp "$seed" "$src/corpus/dmm-bitcoin-2024/article.ja.txt"
