#!/bin/sh
# The man pages render without groff warnings and reader(1) has a section for
# every command that `reader --help` lists.
# Usage: docs.sh SOURCE_DIR READER
set -eu
src=$1 reader=$2
for page in "$src/docs/man/reader.1" "$src/docs/man/libreader.3"; do
  warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=all -l "$page" 2>&1 >/dev/null || true)
  [ -z "$warn" ] || { echo "docs: $page: $warn"; exit 1; }
done
cmds=$("$reader" --help | awk '/^  [a-z]+ /{print $1}')
[ -n "$cmds" ] || { echo "docs: no commands in reader --help"; exit 1; }
for c in $cmds; do
  grep -q "^\.SS \"reader $c[ \"]" "$src/docs/man/reader.1" || { echo "docs: reader(1) has no section for '$c'"; exit 1; }
done
# Every long option a command's --help names is in reader(1) (as \-\-name).
for c in $cmds; do
  for o in $("$reader" help "$c" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
    grep -q -- "$esc" "$src/docs/man/reader.1" || { echo "docs: reader(1) does not mention $o of 'reader $c'"; exit 1; }
  done
done
echo "docs: man pages clean; reader(1) covers:" $cmds
