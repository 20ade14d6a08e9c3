#!/bin/sh
# The main job on the bundled article: install what is missing, build,
# and print the article's outline.
set -eu
cd "$(dirname "$0")/.."
sh tools/setup-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
build/tools/reader outline corpus/dmm-bitcoin-2024/article.ja.txt
