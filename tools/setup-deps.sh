#!/bin/sh
# Install the Debian packages libreader needs, only those that are missing.
#   tools/setup-deps.sh          build and run (library, command, bindings)
#   tools/setup-deps.sh --test   also what the test suite uses
#   tools/setup-deps.sh --package  also what building the Debian packages, the
#                                  pip wheel and the gem needs (with --test too)
# Needs root (or sudo) only when something is missing.
set -eu
pkgs="build-essential cmake pkg-config libicu-dev libxml2-dev mecab libmecab-dev mecab-ipadic-utf8 swig python3 python3-dev ruby ruby-dev edict kanjidic"
for opt in "$@"; do
  case "$opt" in
    --test)
      # liblzma-dev, zlib1g-dev: libxml2's private libraries, for the static-link install test.
      # doxygen, man-db: the API reference and man page tests; python3-dask,
      # python3-distributed: the Dask corpus test.
      pkgs="$pkgs mecab-utils python3-pytest python3-mypy ruby-minitest chromium fonts-noto-cjk liblzma-dev zlib1g-dev doxygen man-db"
      pkgs="$pkgs python3-dask python3-distributed clang libclang-rt-14-dev"
      # enamdict: names (ENAMDICT) for the golden files and the dev-set score.
      pkgs="$pkgs enamdict" ;;
    --package)
      # dpkg-buildpackage with the Build-Depends of debian/control, lintian;
      # pip install . in a venv (setuptools, wheel offline); gem build.
      pkgs="$pkgs dpkg-dev debhelper dh-python fakeroot lintian pkgconf python3-venv python3-pip"
      pkgs="$pkgs python3-setuptools python3-wheel rubygems-integration ruby-dev" ;;
    *) echo "setup-deps: unknown option $opt (--test, --package)" >&2; exit 2 ;;
  esac
done
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "setup-deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
