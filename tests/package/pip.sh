#!/bin/sh
# pip install . into a venv made with --system-site-packages, offline
# (--no-index, --no-build-isolation: Debian's setuptools), from a copy of the
# tree; then import the installed package and annotate a sentence.
# Usage: pip.sh SOURCE_DIR
set -eu
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "pip: FAIL: $*" >&2; exit 1; }
unset PYTHONPATH LD_LIBRARY_PATH
mkdir "$work/src"
git -C "$src" ls-files -z --cached --others --exclude-standard | (cd "$src" && xargs -0 cp --parents -t "$work/src")
/usr/bin/python3 -m venv --system-site-packages "$work/v"
PIP_NO_INDEX=1 "$work/v/bin/pip" install --no-build-isolation --no-cache-dir "$work/src" >"$work/pip.log" 2>&1 ||
  { tail -30 "$work/pip.log"; fail "pip install"; }
cd "$work"
"$work/v/bin/python" - "$work/v" <<'PY' || fail "the installed package"
import os, subprocess, sys
import libreader
assert libreader.__file__.startswith(sys.argv[1]), libreader.__file__
pkg = os.path.dirname(libreader.__file__)
assert os.path.exists(os.path.join(pkg, "py.typed")) and os.path.exists(os.path.join(pkg, "__init__.pyi"))
native = [f for f in os.listdir(pkg) if f.startswith("_native")][0]
ldd = subprocess.run(["ldd", os.path.join(pkg, native)], capture_output=True, text=True).stdout
assert "libreader" not in ldd, ldd  # the library is linked in
d = libreader.parse("北朝鮮のハッカーが暗号資産を盗んだ。\n", format="text")
d.annotate(libreader.Analyzer())
lemmas = [t.lemma for t in d.tokens()]
assert "盗む" in lemmas, lemmas
print("pip: installed package imports and annotates:", " ".join(lemmas))
PY
"$work/v/bin/pip" uninstall -y libreader >/dev/null || fail "pip uninstall"
