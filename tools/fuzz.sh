#!/bin/sh
# Fuzz one target with libFuzzer (clang) for N minutes:
#   tools/fuzz.sh TARGET [MINUTES]
# TARGET: parse (text/Markdown/lines reader), html, xml_read, summaries, align,
#         pipeline (the whole pipeline on the stub), known, kana,
#         glossary_cache (the EDICT cache loader; first byte odd: checksum
#         recomputed so the structural checks are fuzzed), strtab_cache (the
#         compounds and names cache blocks: header check, then look-ups),
#         stream (the streamed render against the whole read of the same
#         file, tiny blocks: same bytes, warnings and errors).
# Builds build-fuzz/ (clang, -fsanitize=fuzzer,address,undefined; override
# with BUILD=dir), starts from the checked-in seed corpus
# tests/fuzz/corpus/TARGET and keeps what it finds in build-fuzz/corpus-TARGET
# (the checked-in corpus is not touched). A crash is saved as
# build-fuzz/crash-TARGET-*; copy it into tests/fuzz/corpus/TARGET/ once fixed:
# it then replays in every ctest run (fuzz.TARGET). A libFuzzer dictionary
# tests/fuzz/TARGET.dict is used when there is one.
# Needs: apt-get install -y clang libclang-rt-14-dev
set -eu
cd "$(dirname "$0")/.."
target=${1:?usage: tools/fuzz.sh TARGET [MINUTES]}
minutes=${2:-10}
build=${BUILD:-build-fuzz}
case $target in parse|html|xml_read|summaries|align|pipeline|known|kana|glossary_cache|strtab_cache|stream) ;; *) echo "fuzz.sh: unknown target '$target'" >&2; exit 2 ;; esac
case $minutes in ""|*[!0-9]*) echo "fuzz.sh: MINUTES is a whole number" >&2; exit 2 ;; esac
[ "$minutes" -ge 1 ] || { echo "fuzz.sh: MINUTES must be at least 1" >&2; exit 2; }
command -v clang >/dev/null || { echo "fuzz.sh: clang missing: apt-get install -y clang libclang-rt-14-dev" >&2; exit 2; }
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREADER_FUZZERS=ON \
    -DREADER_SANITIZE=address,undefined,fuzzer-no-link -DREADER_BUILD_PYTHON=OFF -DREADER_BUILD_RUBY=OFF \
    -DREADER_BUILD_EXAMPLES=OFF >/dev/null
else
  # configure again: a target added since the tree was made is unknown to
  # its Makefiles until then ("No rule to make target fuzz_...")
  cmake -S . -B "$build" >/dev/null
fi
cmake --build "$build" --target "fuzz_$target" -j2 >/dev/null
mkdir -p "$build/corpus-$target"
# ASan and libFuzzer report overflows and leaks; UBSan findings abort too.
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
dict=
[ -f "tests/fuzz/$target.dict" ] && dict="-dict=tests/fuzz/$target.dict"
# shellcheck disable=SC2086 # $dict is empty or one word
exec "$build/tests/fuzz_$target" $dict -max_total_time=$((minutes * 60)) -print_final_stats=1 -timeout=10 \
  -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$build/crash-$target-" "$build/corpus-$target" "tests/fuzz/corpus/$target"
