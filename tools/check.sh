#!/bin/sh
# Build everything and run every test, as CI does:
#   1. a -Werror build with the bindings, all ctest suites;
#   2. an AddressSanitizer + UBSan build of the C library, the command and
#      its C suites (unit, golden, fuzz replay).
# Installs missing Debian packages first (tools/setup-deps.sh --test).
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
sh tools/setup-deps.sh --test

echo "== build (gcc, -Werror, shared + static, bindings)"
cmake -S . -B build -DREADER_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

echo "== build (AddressSanitizer + UBSan)"
cmake -S . -B build-asan -DREADER_WERROR=ON -DCMAKE_BUILD_TYPE=Debug -DREADER_SANITIZE=address,undefined \
  -DREADER_BUILD_PYTHON=OFF -DREADER_BUILD_RUBY=OFF >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j"$jobs" -LE "nosan")
echo "== all tests passed"
