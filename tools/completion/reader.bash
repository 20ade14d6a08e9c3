# bash completion for reader(1). Installed as
# share/bash-completion/completions/reader (loaded on demand by bash-completion).
_reader() {
  local cur prev cmd
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  local commands="outline align furigana render query help"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  cmd=${COMP_WORDS[1]}
  case "$prev" in
    --format)
      case "$cmd" in
        furigana) COMPREPLY=($(compgen -W "html brackets hiragana katakana romaji" -- "$cur")) ;;
        render) COMPREPLY=($(compgen -W "html xml json text brackets hiragana romaji vocab" -- "$cur")) ;;
      esac
      return ;;
    --furigana) COMPREPLY=($(compgen -W "all unknown none" -- "$cur")); return ;;
    --dictionary) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --threads|--heading|--lemma) return ;;
    -o|--summaries|--known|--glossary|--user-dictionary|--overrides|--compounds)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  local opts=""
  case "$cmd" in
    outline) opts="--summaries --help" ;;
    align) opts="--whole-runs --per-kanji --help" ;;
    furigana) opts="--format --dictionary --user-dictionary --overrides --compounds --no-compounds --nippon --no-rules --help" ;;
    render) opts="--format -o --summaries --no-summaries --known --furigana --glossary --no-glossary --dictionary --threads --help" ;;
    query) opts="--heading --lemma --dictionary --help" ;;
    help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [ "$cmd" != align ]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _reader reader
