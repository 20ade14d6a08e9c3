#!/bin/sh
# Build the Debian packages out of tree (a copy of the sources in a scratch
# directory), check their contents and lintian, unpack them with dpkg-deb -x
# into a scratch root and run the command, the Python module and the Ruby
# module from there. Slow (a full package build): ctest label "package".
# Usage: run.sh SOURCE_DIR [KEEP_DIR]   (KEEP_DIR: keep the .debs there)
set -eu
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package: FAIL: $*" >&2; exit 1; }
unset LD_LIBRARY_PATH PYTHONPATH RUBYLIB
start=$(date +%s)

# 1. The sources as git has them (no build directories), built as a user would.
mkdir "$work/src"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$src" ls-files -z --cached --others --exclude-standard | (cd "$src" && xargs -0 cp --parents -t "$work/src")
else
  cp -a "$src/." "$work/src"
fi
(cd "$work/src" && DEB_BUILD_OPTIONS="parallel=2" dpkg-buildpackage -b -us -uc >"$work/build.log" 2>&1) ||
  { tail -40 "$work/build.log"; fail "dpkg-buildpackage"; }
echo "package: built in $(( $(date +%s) - start ))s:" $(cd "$work" && ls ./*.deb | sed 's|./||')
for p in libreader0 libreader-dev python3-libreader ruby-libreader libreader-bin; do
  ls "$work"/${p}_*.deb >/dev/null 2>&1 || fail "no package $p"
done
[ -n "${2:-}" ] && { mkdir -p "$2"; cp "$work"/*.deb "$2"/; }

# 2. Contents.
has() { # package path-regex
  dpkg-deb -c "$work"/$1_*.deb | awk '{print $6}' | grep -q -E "$2" || fail "$1 has no $2"
}
has libreader-bin '^\./usr/bin/reader$'
has libreader-bin '^\./usr/share/man/man1/reader\.1\.gz$'
has libreader-bin '^\./usr/share/bash-completion/completions/reader$'
has libreader0 '^\./usr/lib/[^/]+/libreader\.so\.0'
has libreader-dev '^\./usr/lib/[^/]+/pkgconfig/libreader\.pc$'
has libreader-dev '^\./usr/lib/[^/]+/libreader\.a$'
has libreader-dev '^\./usr/include/reader\.h$'
has libreader-dev '^\./usr/share/man/man3/libreader\.3\.gz$'
has python3-libreader '^\./usr/lib/python3/dist-packages/libreader/__init__\.py$'
has python3-libreader '^\./usr/lib/python3/dist-packages/libreader/_native.*\.so$'
has ruby-libreader '^\./usr/lib/[^/]+/ruby/vendor_ruby/[0-9.]+/libreader\.rb$'
has ruby-libreader '^\./usr/lib/[^/]+/ruby/vendor_ruby/[0-9.]+/libreader/native\.so$'

# 3. Lintian: no errors (warnings and notes are listed in debian/README.source).
if command -v lintian >/dev/null 2>&1; then
  lintian --tag-display-limit 0 "$work"/*.changes >"$work/lintian.log" 2>&1 || true
  if grep -q '^E:' "$work/lintian.log"; then cat "$work/lintian.log"; fail "lintian errors"; fi
  echo "package: lintian: $(grep -c '^E:' "$work/lintian.log") errors, $(grep -c '^W:' "$work/lintian.log") warnings"
fi

# 4. Unpacked into a scratch root, run from there.
cd "$work" # python3 -c imports from the current directory first (a build dir has libreader.so)
root=$work/root
for d in "$work"/*.deb; do dpkg-deb -x "$d" "$root"; done
multi=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
export LD_LIBRARY_PATH="$root/usr/lib/$multi" # the scratch root stands in for /
article="$src/corpus/dmm-bitcoin-2024/article.ja.txt"
ldd "$root/usr/bin/reader" | grep -q "libreader.so.0 => $root/" || fail "reader does not use the unpacked library"
"$root/usr/bin/reader" outline "$article" 2>/dev/null | grep -q "^  4.1 過去のサイバー攻撃との関連" || fail "reader outline"
echo 暗号資産が盗まれた | "$root/usr/bin/reader" furigana --format brackets | grep -q "盗\[ぬす\]" || fail "reader furigana"
PYTHONPATH="$root/usr/lib/python3/dist-packages" /usr/bin/python3 -c '
import sys, libreader
assert libreader.__file__.startswith(sys.argv[1]), libreader.__file__
d = libreader.parse("北朝鮮のハッカーが暗号資産を盗んだ。\n", format="text")
d.annotate(libreader.Analyzer())
assert "盗む" in [t.lemma for t in d.tokens()]
print("ok")' "$root" | grep -q '^ok$' || fail "python3-libreader"
rbdir=$(dirname "$(find "$root" -name libreader.rb | head -n 1)")
ruby -I"$rbdir" -e 'require "libreader"
  d = LibReader.parse("北朝鮮のハッカーが暗号資産を盗んだ。\n", format: "text")
  d.annotate(LibReader::Analyzer.new)
  abort "no 盗む" unless d.tokens.map(&:lemma).include?("盗む")
  puts "ok"' | grep -q '^ok$' || fail "ruby-libreader"
echo "package: 5 packages built, contents checked, command and both bindings run from the unpacked root ($(( $(date +%s) - start ))s)"
