#!/bin/sh
# Install the Debian packages libreader needs, only those that are missing.
#   tools/setup-deps.sh          build and run (library, command, bindings)
#   tools/setup-deps.sh --test   also what the test suite uses
# Needs root (or sudo) only when something is missing.
set -eu
pkgs="build-essential cmake pkg-config libicu-dev libxml2-dev mecab libmecab-dev mecab-ipadic-utf8 swig python3 python3-dev ruby ruby-dev edict kanjidic"
if [ "${1:-}" = "--test" ]; then
  # liblzma-dev, zlib1g-dev: libxml2's private libraries, for the static-link install test.
  pkgs="$pkgs python3-pytest python3-mypy ruby-minitest chromium fonts-noto-cjk liblzma-dev zlib1g-dev"
fi
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
