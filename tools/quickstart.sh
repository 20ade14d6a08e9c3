#!/bin/sh
# The main job on the bundled article: install what is missing, build, and
# render the article with its English summaries to the reader page.
set -eu
cd "$(dirname "$0")/.."
sh tools/setup-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
build/tools/reader render corpus/dmm-bitcoin-2024/article.ja.txt \
  --summaries corpus/dmm-bitcoin-2024/summaries.en.xml -o "$PWD/build/dmm-bitcoin-2024.html"
echo "open it in a browser: file://$PWD/build/dmm-bitcoin-2024.html"
