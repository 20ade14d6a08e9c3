#!/bin/sh
# Install the built tree into a scratch prefix, then build examples/c
# against it twice: with find_package(libreader) and with pkg-config.
# Usage: run.sh SOURCE_DIR BINARY_DIR
set -eu
src=$1 bin=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$bin" --prefix "$work/prefix" >/dev/null
article="$src/corpus/dmm-bitcoin-2024/article.ja.txt"
libdir=$(ls -d "$work"/prefix/lib*/ | head -n 1)

# 1. CMake package.
cmake -S "$src/examples/c" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/build/sections" "$article" >"$work/out1"
grep -q "^4.1	過去のサイバー攻撃との関連$" "$work/out1"
# The annotation example: 盗まれ… in section 2.1 reads ぬす with its lemma.
LD_LIBRARY_PATH="$libdir" "$work/build/annotate" "$article" 2.1 >"$work/annotate.out"
grep -q "^盗ま	盗む	verb	ぬすま	盗\[ぬす\]$" "$work/annotate.out"

# 2. pkg-config, shared and static.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -o "$work/sections-pc" "$src/examples/c/sections.c" $(pkg-config --cflags --libs libreader)
LD_LIBRARY_PATH="$libdir" "$work/sections-pc" "$article" >"$work/out2"
cmp "$work/out1" "$work/out2"
cc -o "$work/sections-static" "$src/examples/c/sections.c" -DREADER_STATIC_DEFINE \
  $(pkg-config --cflags libreader) "$libdir/libreader.a" $(pkg-config --static --libs libreader | sed 's/-lreader//')
"$work/sections-static" "$article" >"$work/out3"
cmp "$work/out1" "$work/out3"
echo "install: find_package, pkg-config and static link all work"
