#!/bin/sh
# Install the built tree into a scratch prefix and use it as a user would,
# with NO LD_LIBRARY_PATH: the installed command, the Python and Ruby
# modules (found through their $ORIGIN-relative RUNPATH), examples/c built
# with find_package(libreader) and with pkg-config (shared, and static
# through `pkg-config --static` without editing its output).
# The prefix is moved after installing, so a RUNPATH or .pc file that kept
# the install-time path fails here.
# Usage: run.sh SOURCE_DIR BINARY_DIR
set -eu
src=$(cd "$1" && pwd) bin=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset LD_LIBRARY_PATH PYTHONPATH RUBYLIB
fail() { echo "install: FAIL: $*" >&2; exit 1; }
cmake --install "$bin" --prefix "$work/first" >/dev/null
mv "$work/first" "$work/prefix"
P=$work/prefix
article="$src/corpus/dmm-bitcoin-2024/article.ja.txt"
libdir=$(dirname "$(find "$P" -name 'libreader.so.0' | head -n 1)")
[ -d "$libdir" ] || fail "no libreader.so.0 under the prefix"

# needs_prefix_lib FILE: its RUNPATH is $ORIGIN-relative and libreader.so.0
# resolves inside the prefix.
needs_prefix_lib() {
  readelf -d "$1" | grep -q 'RUNPATH.*\$ORIGIN' || fail "$1: RUNPATH is not \$ORIGIN-relative: $(readelf -d "$1" | grep -E 'RPATH|RUNPATH' || echo none)"
  ldd "$1" | grep -q "libreader.so.0 => $P/" || fail "$1: libreader.so.0 not found in the prefix: $(ldd "$1" | grep libreader)"
}

# 1. The command, its man page and completion.
for f in share/man/man1/reader.1 share/man/man3/libreader.3 share/bash-completion/completions/reader; do
  [ -f "$P/$f" ] || fail "not installed: $f"
done
needs_prefix_lib "$P/bin/reader"
"$P/bin/reader" outline "$article" 2>/dev/null | grep -q "^  4.1 過去のサイバー攻撃との関連" || fail "installed reader outline"
"$P/bin/reader" --version | grep -q "^reader " || fail "installed reader --version"

# 2. Python: the package installed under the prefix, annotating a sentence.
cd "$work" # python3 -c imports from the current directory first (a build dir has libreader.so)
if pyinit=$(find "$P" -path '*/libreader/__init__.py' | head -n 1) && [ -n "$pyinit" ]; then
  pydir=$(dirname "$(dirname "$pyinit")")
  needs_prefix_lib "$(find "$pydir/libreader" -name '_native*.so' | head -n 1)"
  PYTHONPATH=$pydir /usr/bin/python3 -c '
import sys, libreader
assert libreader.__file__.startswith(sys.argv[1]), libreader.__file__
d = libreader.parse("北朝鮮のハッカーが暗号資産を盗んだ。\n", format="text")
try:
    d.annotate(libreader.Analyzer())
except libreader.AnalyzerError as e:
    print("no MeCab dictionary:", e); sys.exit(0)
lemmas = [t.lemma for t in d.tokens()]
assert "盗む" in lemmas, lemmas
print("python ok")' "$pydir" | grep -q "ok$" || fail "installed Python module"
  echo "install: python module ok ($pydir)"
fi

# 3. Ruby: one directory holds libreader.rb and libreader/native.so.
if rbfile=$(find "$P" -name 'libreader.rb' | head -n 1) && [ -n "$rbfile" ]; then
  rbdir=$(dirname "$rbfile")
  [ -f "$rbdir/libreader/native.so" ] || fail "Ruby package split: no $rbdir/libreader/native.so"
  needs_prefix_lib "$rbdir/libreader/native.so"
  ruby -I"$rbdir" -e 'require "libreader"
    abort "loaded from #{$LOADED_FEATURES.grep(/native/)}" unless $LOADED_FEATURES.any? { |f| f.start_with?(ARGV[0]) }
    d = LibReader.parse("北朝鮮のハッカーが暗号資産を盗んだ。\n", format: "text")
    puts "ruby ok #{d.class}"' "$rbdir" | grep -q "^ruby ok" || fail "installed Ruby module"
  echo "install: ruby module ok ($rbdir)"
fi

# 4. CMake package.
cmake -S "$src/examples/c" -B "$work/build" -DCMAKE_PREFIX_PATH="$P" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/sections" "$article" >"$work/out1"
grep -q "^4.1	過去のサイバー攻撃との関連$" "$work/out1"
# The annotation example: 盗まれ… in section 2.1 reads ぬす with its lemma.
"$work/build/annotate" "$article" 2.1 >"$work/annotate.out"
grep -q "^盗ま	盗む	verb	ぬすま	盗\[ぬす\]$" "$work/annotate.out"

# 5. pkg-config, shared and static. A program built against the prefix
# runs with -Wl,-rpath (the library's own choice of directory is the user's).
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -o "$work/sections-pc" "$src/examples/c/sections.c" $(pkg-config --cflags --libs libreader) -Wl,-rpath,"$libdir"
"$work/sections-pc" "$article" >"$work/out2"
cmp "$work/out1" "$work/out2"
static_flags=$(pkg-config --static --cflags --libs libreader-static)
echo "$static_flags" | grep -q -- "-lreader" || fail "libreader-static.pc: no -lreader: $static_flags"
echo "$static_flags" | grep -q -- "-DREADER_STATIC_DEFINE" || fail "libreader-static.pc: no -DREADER_STATIC_DEFINE"
pkg-config --static --cflags libreader | grep -q -- "-DREADER_STATIC_DEFINE" || fail "libreader.pc: --static adds no -DREADER_STATIC_DEFINE"
# shellcheck disable=SC2086
cc -o "$work/sections-static" "$src/examples/c/sections.c" $static_flags
if readelf -d "$work/sections-static" | grep -q 'NEEDED.*libreader'; then fail "static link still needs libreader.so"; fi
"$work/sections-static" "$article" >"$work/out3"
cmp "$work/out1" "$work/out3"
echo "install: relocated prefix runs without LD_LIBRARY_PATH; find_package, pkg-config and pkg-config --static work"
