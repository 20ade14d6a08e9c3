#!/bin/sh
# Names (ENAMDICT) through the command: the names rule over the test
# fixture (tests/data/names/enamdict-fixture.eucjp), --no-names, a names
# file that cannot be read, and "without the package": where no file is at
# the default path the output is the same as with --no-names, without an
# error. Exits 77 without a MeCab dictionary.
#   usage: cli_names.sh READER SOURCE_DIR
reader=$1 src=$2
fixture=$src/tests/data/names/enamdict-fixture.eucjp
if ! out=$(printf '' | "$reader" furigana 2>&1); then echo "SKIP: $out"; exit 77; fi
export READER_CACHE_DIR=   # no cache files from the fixture
fail=0
check() { # name expected actual
  if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1; fi
}
text='立川市と安平町の首里城'
# rule name: the whole's entry (立川|市 たつかわ し); rule name-stem: 安平|町 (やすひら, two
# place readings) by the places on the stem (安平駅 安平橋 あびら);
# 首|里|城, common nouns to MeCab, is a place cut into single kanji
got=$(echo "$text" | "$reader" furigana --names "$fixture" --format brackets)
check names_fixture "立川市[たちかわし]と 安平町[あびらちょう]の 首里城[しゅりじょう]" "$got"
# rule name-place: 日田 has one place reading (ひた), 日田市 no entry of its own
got=$(echo '日田市に住む' | "$reader" furigana --names "$fixture" --format brackets)
check name_place_suffix "日田市[ひたし]に 住[す]む" "$got"
plain=$(echo "$text" | "$reader" furigana --no-names --format brackets)
check no_names "立川[たつかわ]市[し]と 安平[やすひら]町[ちょう]の 首[くび]里[さと]城[じょう]" "$plain"
# the flag reaches JSON (and the page's popup: tests/page)
got=$(echo "立川市" | "$reader" render - --from lines --names "$fixture" --no-glossary -f json | grep -o '"surface":"立川市"[^}]*"flags":\[[^]]*\]' | sed 's/.*"flags"/flags/')
check json_flag 'flags:["kanji","rule","place"]' "$got"
# a names file named but unreadable: an error naming it, exit 1
err=$(echo "$text" | "$reader" furigana --names /nonexistent/enamdict 2>&1 >/dev/null); rc=$?
case "$err" in *"/nonexistent/enamdict"*) ok=1 ;; *) ok=0 ;; esac
check unreadable_names_file "1 1" "$rc $ok"
err=$(echo x | "$reader" furigana --names "$fixture" --no-names 2>&1); rc=$?
check names_and_no_names "2" "$rc"
# rule name-stem on Debian's own ENAMDICT, where it is installed: 安平 has
# two place readings and no 安平町 entry; 安平駅 安平橋 read あびら
if [ -f /usr/share/edict/enamdict ]; then
  got=$(echo '北海道安平町' | "$reader" furigana --format brackets)
  check name_stem_debian_enamdict "北海道[ほっかいどう]安平町[あびらちょう]" "$got"
fi
# Without the package: hide Debian's file (a bind mount of /dev/null in a
# private mount namespace: not a regular file, so "not installed").
default=/usr/share/edict/enamdict
if [ -f "$default" ]; then
  if unshare -m true 2>/dev/null; then
    got=$(echo "$text" | unshare -m sh -c "mount --bind /dev/null $default && \"$reader\" furigana --format brackets" 2>&1); rc=$?
    check without_package "0 $plain" "$rc $got"
  else
    echo "skip without_package: cannot hide $default here (no mount namespace)"
  fi
else
  got=$(echo "$text" | "$reader" furigana --format brackets 2>&1); rc=$?
  check without_package "0 $plain" "$rc $got"
fi
exit $fail
