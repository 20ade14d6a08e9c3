#!/bin/bash
# The bash completion offers the commands and each command's options; with
# READER, it knows every command `reader --help` lists and every long option
# of each command's --help.
# Usage: completion.sh COMPLETION_FILE [READER]
set -eu
. "$1"
reader=${2:-}
complete_line() { # words...: sets COMPREPLY for the last word
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _reader
  echo "${COMPREPLY[*]}"
}
[ "$(complete_line reader re)" = "render" ] || { echo "commands: got '$(complete_line reader re)'"; exit 1; }
[[ " $(complete_line reader render --f) " == *" --format "* ]] || { echo "render options"; exit 1; }
[[ " $(complete_line reader render --format "") " == *" vocab "* ]] || { echo "render formats"; exit 1; }
[[ " $(complete_line reader furigana --format "") " == *" katakana "* ]] || { echo "furigana formats"; exit 1; }
[ "$(complete_line reader align --w)" = "--whole-runs" ] || { echo "align options"; exit 1; }
# --format=te: bash splits the word at '=' into --format, =, te.
[ "$(complete_line reader render --format = te)" = "text" ] || { echo "--format=te: got '$(complete_line reader render --format = te)'"; exit 1; }
[[ " $(complete_line reader render --format =) " == *" vocab "* ]] || { echo "--format="; exit 1; }
[ "$(complete_line reader help wo)" = "words" ] || { echo "help COMMAND"; exit 1; }
if [ -n "$reader" ]; then
  for c in $("$reader" --help | awk '/^  [a-z]+ /{print $1}'); do
    [ "$(complete_line reader "$c")" = "$c" ] || { echo "command '$c' not completed"; exit 1; }
    # OPTION=x --help: the help when OPTION exists (or "takes no value"),
    # "unknown option" when the command has none such; nothing is read.
    accepts() { ! "$reader" "$c" "$1=x" --help 2>&1 >/dev/null | grep -q "unknown option"; }
    for o in $("$reader" help "$c" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
      accepts "$o" || continue # another command's option named in the text
      [[ " $(complete_line reader "$c" "$o") " == *" $o "* ]] || { echo "'reader $c $o' not completed"; exit 1; }
    done
    for o in $(complete_line reader "$c" --); do
      accepts "$o" || { echo "completion offers $o, which 'reader $c' refuses"; exit 1; }
    done
  done
fi
echo "completion ok"
