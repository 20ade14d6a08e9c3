#!/bin/sh
# GNU-style options in every `reader` command (getopt_long): --opt=value and
# --opt value, -ovalue and -o value, prefixes, options after operands, `--`
# ending the options; unknown options, missing or unexpected values and
# ambiguous prefixes are usage errors (exit 2) naming the command; `reader
# help CMD` is `reader CMD --help`. Runs with the stub analyzer and no
# glossary, so it needs no MeCab dictionary.
#   usage: cli_options.sh READER SOURCE_DIR TMP_DIR
set -u
reader=$1 src=$2 tmp=$3/cli_options
abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; } # the test changes directory
reader=$(abs "$reader") src=$(abs "$src") tmp=$(abs "$tmp")
rm -rf "$tmp" && mkdir -p "$tmp" || exit 1
art=$src/corpus/dmm-bitcoin-2024/article.ja.txt
sums=$src/corpus/dmm-bitcoin-2024/summaries.en.xml
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
# run NAME EXPECTED-STATUS COMMAND...: output in $tmp/out, $tmp/err
run() {
  name=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
  if [ "$got" = "$want" ]; then ok "$name"; else bad "$name: exit $got, expected $want"; cat "$tmp/err"; fi
}
# same NAME FILE FILE: identical and not empty
same() {
  if [ -s "$2" ] && cmp -s "$2" "$3"; then ok "$1"; else bad "$1: $2 and $3 differ (or are empty)"; fi
}
# says NAME TEXT: stderr of the last run contains TEXT
says() {
  if grep -qF -- "$2" "$tmp/err"; then ok "$1"; else bad "$1: stderr lacks '$2':"; cat "$tmp/err"; fi
}
R="$reader render --stub-analyzer --no-glossary --no-summaries"

# --- values: every GNU spelling gives the same output
run "render --format text" 0 $R "$art" --format text; cp "$tmp/out" "$tmp/text.ref"
for form in "--format=text" "-ftext" "-f text" "--form=text" "--forma text"; do
  # shellcheck disable=SC2086 # $form is split on purpose
  run "render $form" 0 $R "$art" $form; same "render $form = --format text" "$tmp/text.ref" "$tmp/out"
done
run "options before the operand" 0 $R --format=text "$art"; same "options before the operand: same text" "$tmp/text.ref" "$tmp/out"
for form in "-o" "-o " "--output=" "--output "; do
  out="$tmp/o$(printf '%s' "$form" | tr -d ' =-').txt"
  case "$form" in *" ") run "render $form FILE" 0 $R "$art" --format text $form"$out" ;;
                  *) run "render ${form}FILE" 0 $R "$art" --format text "$form$out" ;; esac
  same "render ${form}FILE writes the file" "$tmp/text.ref" "$out"
done
run "--threads=2" 0 $R "$art" --format=text --threads=2; same "--threads=2: same text" "$tmp/text.ref" "$tmp/out"
run "--threads=0 is refused" 2 $R "$art" --threads=0; says "--threads=0: why" "reader render: --threads is a number from 1 to 64, not '0'"

# --- `--` ends the options: a file whose name starts with '-'
cp "$art" "$tmp/-article.txt"
(cd "$tmp" && $R --format=text -- -article.txt >"$tmp/dash.out" 2>"$tmp/err")
[ $? -eq 0 ] && ok "render -- -article.txt" || { bad "render -- -article.txt"; cat "$tmp/err"; }
same "render -- -article.txt: same text" "$tmp/text.ref" "$tmp/dash.out"
(cd "$tmp" && $R --format=text -article.txt >/dev/null 2>"$tmp/err"); rc=$?
[ $rc -eq 2 ] && ok "without --, -article.txt is options" || bad "without --, -article.txt: exit $rc, expected 2"
says "without --: the option is named" "reader render: unknown option '-a'"

# --- usage errors name the command and the option
for c in outline align furigana render query words dict; do
  run "$c --bogus" 2 "$reader" $c --bogus x; says "$c --bogus: message" "reader $c: unknown option '--bogus'"
  run "$c --bogus=1" 2 "$reader" $c --bogus=1 x; says "$c --bogus=1: message" "reader $c: unknown option '--bogus'"
  run "$c -Z" 2 "$reader" $c -Z x; says "$c -Z: message" "reader $c: unknown option '-Z'"
done
run "render --format (no value)" 2 "$reader" render "$art" --format; says "render --format: message" "reader render: --format needs a value"
run "render -o (no value)" 2 "$reader" render "$art" -o; says "render -o: message" "reader render: -o needs a value"
run "dict -o (no value)" 2 "$reader" dict x.tsv -o; says "dict -o: message" "reader dict: -o needs a value"
run "outline --summaries (no value)" 2 "$reader" outline "$art" --summaries; says "outline --summaries: message" "reader outline: --summaries needs a value"
run "query --lemma (no value)" 2 "$reader" query "$art" --lemma; says "query --lemma: message" "reader query: --lemma needs a value"
run "furigana --dictionary (no value)" 2 "$reader" furigana --dictionary; says "furigana --dictionary: message" "reader furigana: --dictionary needs a value"
run "render --no-glossary=1" 2 "$reader" render "$art" --no-glossary=1; says "--no-glossary=1: message" "reader render: --no-glossary takes no value"
run "align --whole-runs=1" 2 "$reader" align --whole-runs=1 盗まれた ぬすまれた; says "--whole-runs=1: message" "reader align: --whole-runs takes no value"
run "render --no (ambiguous)" 2 "$reader" render "$art" --no; says "--no: message" "reader render: '--no' is ambiguous: --no-summaries, --no-glossary"
run "words --content=1" 2 "$reader" words "$art" --content=1; says "--content=1: message" "reader words: --content takes no value"
run "render bad --format=pdf" 2 "$reader" render "$art" --format=pdf
run "--compounds with --no-compounds" 2 "$reader" words "$art" --stub-analyzer --compounds=x --no-compounds
says "--compounds with --no-compounds: message" "reader words: --compounds and --no-compounds together"
run "furigana has no operands" 2 "$reader" furigana x; says "furigana x: message" "reader furigana: unknown argument 'x'"

# --- each command takes the GNU forms
run "outline --summaries=FILE" 0 "$reader" outline "$art" --summaries="$sums"; cp "$tmp/out" "$tmp/outline.a"
run "outline --summaries FILE" 0 "$reader" outline --summaries "$sums" "$art"; same "outline: same either way" "$tmp/outline.a" "$tmp/out"
grep -q "en: " "$tmp/out" && ok "outline --summaries=FILE pairs summaries" || bad "outline --summaries=FILE printed no summary"
run "outline -- FILE" 0 "$reader" outline -- "$art"
run "align -- WORD READING" 0 "$reader" align -- 盗まれた ぬすまれた
[ "$(cat "$tmp/out")" = "盗[ぬす]まれた" ] && ok "align -- : 盗[ぬす]まれた" || bad "align -- printed '$(cat "$tmp/out")'"
run "align READING --whole-runs (option last)" 0 "$reader" align 裏切る うらぎる --whole-runs
[ "$(cat "$tmp/out")" = "裏切[うらぎ]る" ] && ok "align --whole-runs last: 裏切[うらぎ]る" || bad "align --whole-runs last printed '$(cat "$tmp/out")'"
echo 盗まれた | "$reader" furigana --stub-analyzer --format brackets >"$tmp/f1" 2>"$tmp/err"
echo 盗まれた | "$reader" furigana --stub-analyzer --format=brackets >"$tmp/f2" 2>>"$tmp/err"
echo 盗まれた | "$reader" furigana --stub-analyzer -fbrackets >"$tmp/f3" 2>>"$tmp/err"
same "furigana --format=brackets" "$tmp/f1" "$tmp/f2"; same "furigana -fbrackets" "$tmp/f1" "$tmp/f3"
echo 盗まれた | "$reader" furigana --stub-analyzer -fbrackets - >"$tmp/f4" 2>>"$tmp/err"
same "furigana - (standard input named)" "$tmp/f1" "$tmp/f4"
grep -q '\[' "$tmp/f1" && ok "furigana brackets has furigana" || bad "furigana brackets: '$(cat "$tmp/f1")'"
run "query FILE 2.1" 0 "$reader" query "$art" 2.1; cp "$tmp/out" "$tmp/q.a"
run "query FILE -- 2.1" 0 "$reader" query "$art" -- 2.1; same "query --: same section" "$tmp/q.a" "$tmp/out"
run "query --heading=TEXT" 0 "$reader" query --heading=マルウェア感染の経緯 "$art"
run "query --lemma=WORD" 0 "$reader" query "$art" --lemma=盗む --stub-analyzer; cp "$tmp/out" "$tmp/l.a"
run "query --lemma WORD" 0 "$reader" query --stub-analyzer --lemma 盗む "$art"; same "query --lemma: same either way" "$tmp/l.a" "$tmp/out"
run "words --content" 0 "$reader" words --stub-analyzer "$art" --content
# -ofile reaches dict's later checks (not "-o USER.dic expected").
printf '暗号資産\tあんごうしさん\n' > "$tmp/w.tsv"
run "dict --cost=x" 2 "$reader" dict "$tmp/w.tsv" --cost=x "-o$tmp/u.dic"; says "dict --cost=x: message" "reader dict: --cost is a number"
READER_MECAB_DICT_INDEX=/nonexistent "$reader" dict "$tmp/w.tsv" "-o$tmp/u.dic" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] && ok "dict -oFILE is taken as -o FILE" || { bad "dict -oFILE: exit $rc, expected 1"; cat "$tmp/err"; }

# --- reader help CMD
for c in outline align furigana render query words dict; do
  "$reader" $c --help >"$tmp/h1" 2>&1
  run "help $c" 0 "$reader" help $c; same "help $c = $c --help" "$tmp/h1" "$tmp/out"
done
head -1 "$tmp/out" | grep -q "^usage: reader dict" && ok "help dict: usage line" || bad "help dict: $(head -1 "$tmp/out")"
run "help" 0 "$reader" help; grep -q "reader help COMMAND" "$tmp/out" && ok "help mentions help COMMAND" || bad "help lacks help COMMAND"
run "help nosuch" 2 "$reader" help nosuch; says "help nosuch: message" "reader help: unknown command 'nosuch'"
run "help render query" 2 "$reader" help render query
run "render -h" 0 "$reader" render -h

exit $fail
