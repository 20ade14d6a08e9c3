# bash completion for reader(1). Installed as
# share/bash-completion/completions/reader (loaded on demand by bash-completion).
# Keep the option lists in step with each command's --help (ctest
# docs.completion compares them).
_reader() {
  local cur prev cmd
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  # bash splits --format=text at '=' (COMP_WORDBREAKS): complete the value
  # of the option before it.
  if [ "$cur" = "=" ]; then
    cur=""
  elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
    prev=${COMP_WORDS[COMP_CWORD-2]}
  fi
  local commands="outline align furigana render query words dict help"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  cmd=${COMP_WORDS[1]}
  case "$prev" in
    --format|-f)
      case "$cmd" in
        furigana) COMPREPLY=($(compgen -W "html brackets hiragana katakana romaji" -- "$cur")) ;;
        render) COMPREPLY=($(compgen -W "html xml json text brackets hiragana katakana romaji html-fragment vocab" -- "$cur")) ;;
      esac
      return ;;
    --from) COMPREPLY=($(compgen -W "auto text html xml lines" -- "$cur")); return ;;
    --furigana) COMPREPLY=($(compgen -W "all unknown none" -- "$cur")); return ;;
    --dictionary) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --threads|--heading|--lemma|--cost) return ;;
    -o|--output|--summaries|--known|--glossary|--user-dictionary|--overrides|--compounds|--names)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  local reading="--dictionary --user-dictionary --overrides --compounds --no-compounds --names --no-names --nippon --no-rules --threads --stub-analyzer"
  local opts=""
  case "$cmd" in
    outline) opts="--summaries --whole-page --help" ;;
    align) opts="--whole-runs --per-kanji --help" ;;
    furigana) opts="--format $reading --help" ;;
    render) opts="--format --output --from --summaries --no-summaries --known --furigana --glossary --no-glossary --whole-page $reading --help" ;;
    query) opts="--heading --lemma $reading --help" ;;
    words) opts="--content $reading --help" ;;
    dict) opts="--output --dictionary --cost --help" ;;
    help)
      [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$commands" -- "$cur"))
      return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [ "$cmd" != align ] && [ "$cmd" != furigana ]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _reader reader
