#!/bin/sh
# The corpus-scale benchmark (not part of ctest), issue 14:
#   bench/corpus.sh [BUILD_DIR] [REPS]
# Generates ~3,000 short articles (the NHK Easy dev sentences from
# ../shared/eval when present, the corpus and test articles) and one 10 MB
# article into /tmp/reader-corpus (bench/corpus_gen.py), then times, as
# fresh processes: the `mecab` command, `reader render --format brackets`
# at 1 and 2 threads, Python and Ruby reading every article and touching
# every token, and the 10 MB article (with the MeCab C API's peak memory).
# Prints a Markdown table: min and median wall time of REPS runs (default 3),
# CPU time, ratios to the mecab command, peak RSS (/usr/bin/time %M).
set -eu
cd "$(dirname "$0")/.."
build=build
case ${1:-} in [0-9]*|"") ;; *) build=$1; shift ;; esac
reps=${1:-3}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
fi
cmake --build "$build" -j2 >/dev/null
data=${READER_CORPUS_DIR:-/tmp/reader-corpus}
if [ ! -f "$data/big.txt" ]; then
  rm -rf "$data"
  /usr/bin/python3 bench/corpus_gen.py . "$data" 3000 10
fi
exec /usr/bin/python3 bench/corpus_bench.py "$build" "$data" "$reps"
