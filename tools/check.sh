#!/bin/sh
# Build everything and run every test, as CI does:
#   1. a -Werror build with the bindings, all ctest suites;
#   2. a clang AddressSanitizer + UBSan build of the C library, the command
#      and its C suites (unit, golden, fuzz replay): so CI builds with gcc
#      and with clang;
#   2b. a ThreadSanitizer build of the thread tests only;
#   3. with READER_PACKAGE_TEST=1, and always in CI (CI=true): the packaging
#      tests (ctest -L package: Debian packages, pip, gem; a few minutes).
# Installs missing Debian packages first (tools/setup-deps.sh --test).
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
package=OFF
if [ "${READER_PACKAGE_TEST:-0}" = 1 ] || [ "${CI:-}" = true ]; then package=ON; fi
if [ $package = ON ]; then sh tools/setup-deps.sh --test --package; else sh tools/setup-deps.sh --test; fi

echo "== build (gcc, -Werror, shared + static, bindings)"
cmake -S . -B build -DREADER_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython3_EXECUTABLE=/usr/bin/python3 \
  -DREADER_PACKAGE_TEST=$package >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs" -LE package)

echo "== build (clang, AddressSanitizer + UBSan)"
CC=clang CXX=clang++ cmake -S . -B build-asan -DREADER_WERROR=ON -DCMAKE_BUILD_TYPE=Debug -DREADER_SANITIZE=address,undefined \
  -DREADER_BUILD_PYTHON=OFF -DREADER_BUILD_RUBY=OFF >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j"$jobs" -LE "nosan")
echo "== build (ThreadSanitizer: one document shared by threads)"
# Only the thread tests: TSan slows everything tenfold (unit.stress alone
# takes over 5 minutes), and they are the ones whose races TSan would find
# (unit.memory: texts made on request by threads at once, annotate's slices).
cmake -S . -B build-tsan -DREADER_WERROR=ON -DCMAKE_BUILD_TYPE=Debug -DREADER_SANITIZE=thread \
  -DREADER_BUILD_PYTHON=OFF -DREADER_BUILD_RUBY=OFF >/dev/null
cmake --build build-tsan -j"$jobs" --target test_threads test_memory test_stream
(cd build-tsan && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 ctest --output-on-failure -R '^unit\.(threads|memory|stream)$')
if [ $package = ON ]; then
  echo "== packaging (Debian packages, pip, gem)"
  t0=$(date +%s)
  (cd build && ctest --output-on-failure -L package)
  echo "== packaging took $(( $(date +%s) - t0 ))s"
fi
echo "== all tests passed"
