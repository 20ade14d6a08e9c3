#!/bin/sh
# Rebuild the seeds of the glossary_cache fuzz target from small EDICTs:
#   sh tests/fuzz/make_glossary_cache_seeds.sh [BUILD_DIR]
# Each seed is one mode byte (1: the target recomputes the checksum before
# loading; 0: loaded as is) and a real cache file, made by the `reader`
# command (the glossary caches in $XDG_CACHE_HOME/libreader).
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build}
out=tests/fuzz/corpus/glossary_cache
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '猫が犬を見る。\n' >"$tmp/a.txt"
one() { # NAME EDICT
  rm -rf "$tmp/cache"
  XDG_CACHE_HOME="$tmp/cache" "$build/tools/reader" render --glossary "$2" -o "$tmp/a.html" "$tmp/a.txt" >/dev/null
  idx=$(ls "$tmp"/cache/libreader/edict-*.idx)
  { printf '\001'; cat "$idx"; } >"$out/$1-sealed"
  { printf '\000'; cat "$idx"; } >"$out/$1-as-is"
}
one tiny20 tests/data/edict/tiny.edict
head -n 3 tests/data/edict/tiny.edict >"$tmp/three.edict"
one three "$tmp/three.edict"
printf 'ビットコイン /(n) bitcoin/\n' >"$tmp/one.edict"
one one "$tmp/one.edict"
