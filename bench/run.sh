#!/bin/sh
# The benchmark (not part of ctest): libreader against the MeCab C API.
#   bench/run.sh [BUILD_DIR] [bench options...]
# Builds BUILD_DIR (default build-bench, RelWithDebInfo, with the Python
# binding), then runs BUILD_DIR/bench/bench: inputs of ~100 KB, 1 MB and
# 10 MB made from the corpus article, each figure a separate process (wall
# time, CPU time, peak RSS), as ratios to MeCab alone; start-up of `reader
# outline`/`reader render` on an empty file; then hyperfine's view of the
# start-up when hyperfine is installed (apt-get install hyperfine).
# Options go to bench (see `bench --help`), e.g. -n 5, --sizes 1m,
# --big 100 (a 100 MB input: linear time and peak memory), --no-python.
# BENCH_STRESS=N also runs tests/unit/test_stress with READER_STRESS_SCALE=N.
# Corpus scale (3,000 short articles in one process, one 10 MB article,
# Python and Ruby): bench/corpus.sh.
set -eu
cd "$(dirname "$0")/.."
build=build-bench
case ${1:-} in -*|"") ;; *) build=$1; shift ;; esac
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
fi
cmake --build "$build" -j"$(nproc)" >/dev/null
"$build/bench/bench" "$@"
if command -v hyperfine >/dev/null; then
  dir=/tmp/reader-bench
  mkdir -p "$dir"
  : > "$dir/empty.txt"
  echo
  echo "hyperfine (start-up: load, parse an empty file, exit):"
  hyperfine -N --warmup 5 --runs 100 --style basic \
    "$build/tools/reader outline $dir/empty.txt" \
    "$build/tools/reader render $dir/empty.txt --no-summaries" 2>&1 | grep -E "Benchmark|Time|Range"
fi
if [ -n "${BENCH_STRESS:-}" ]; then
  echo
  echo "stress, scale $BENCH_STRESS:"
  cmake --build "$build" --target test_stress >/dev/null
  READER_STRESS_SCALE=$BENCH_STRESS "$build/tests/test_stress"
fi
