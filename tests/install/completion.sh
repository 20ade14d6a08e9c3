#!/bin/bash
# The bash completion offers the commands and each command's options.
# Usage: completion.sh COMPLETION_FILE
set -eu
. "$1"
complete_line() { # words...: sets COMPREPLY for the last word
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _reader
  echo "${COMPREPLY[*]}"
}
[ "$(complete_line reader re)" = "render" ] || { echo "commands: got '$(complete_line reader re)'"; exit 1; }
[[ " $(complete_line reader render --f) " == *" --format "* ]] || { echo "render options"; exit 1; }
[[ " $(complete_line reader render --format "") " == *" vocab "* ]] || { echo "render formats"; exit 1; }
[[ " $(complete_line reader furigana --format "") " == *" katakana "* ]] || { echo "furigana formats"; exit 1; }
[ "$(complete_line reader align --w)" = "--whole-runs" ] || { echo "align options"; exit 1; }
echo "completion ok"
