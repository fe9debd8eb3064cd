#!/usr/bin/env bash
# run.sh SECONDS - build the libFuzzer target with clang and fuzz it.
#
# Builds tests/fuzz/fuzz_load.c with the library sources (src/, without the
# CLI) under -fsanitize=fuzzer,address,undefined, then runs one libFuzzer
# campaign of SECONDS seconds, seeded with tests/fuzz/seeds and the
# regression inputs, keeping the growing corpus between runs.
#
#   tests/fuzz/run.sh 600                  # the 10-minute smoke run
#   FUZZ_JOBS=2 tests/fuzz/run.sh 3600     # the long run: 1 hour on 2 cores
#   LIBCSV_SRC=/path/to/libcsv-3.0.3 tests/fuzz/run.sh 3600
#       compiles libcsv.c from that source tree into the target, so libcsv
#       is instrumented too (more coverage, and ASan checks libcsv's own
#       accesses); without it Debian's libcsv is linked uninstrumented.
#
# Environment: FUZZ_OUT (default build-fuzz/ in the source tree, which git
# ignores) holds the binary, corpus/ and artifacts/; CC (default clang);
# FUZZ_JOBS (default 1: parallel fuzzing processes, libFuzzer -fork=N);
# FUZZ_MAX_LEN (default 8192).
#
# Afterwards: crash-*, leak-*, timeout-* and oom-* files in
# $FUZZ_OUT/artifacts are failing inputs.  Reproduce one with
#   $FUZZ_OUT/fuzz_load $FUZZ_OUT/artifacts/crash-...
# shrink it with
#   $FUZZ_OUT/fuzz_load -minimize_crash=1 -runs=100000 crash-...
# and commit the minimal input under tests/fuzz/regressions/.  A smaller
# corpus for tests/fuzz/seeds/ comes from
#   $FUZZ_OUT/fuzz_load -merge=1 NEW_DIR $FUZZ_OUT/corpus
set -euo pipefail

if [ $# -ne 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS" >&2
    exit 2
fi
secs=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${FUZZ_OUT:-$root/build-fuzz}
cc=${CC:-clang}
jobs=${FUZZ_JOBS:-1}
max_len=${FUZZ_MAX_LEN:-8192}
mkdir -p "$out/corpus" "$out/artifacts"

mapfile -t srcs < <(find "$root/src" -name '*.c' ! -path '*/src/cli/*' | sort)
csv_link=(-lcsv)
csv_inc=()
if [ -n "${LIBCSV_SRC:-}" ]; then
    csv_link=("$LIBCSV_SRC/libcsv.c")
    csv_inc=(-I"$LIBCSV_SRC")
fi
flags=(-std=c11 -O1 -g -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=all -fno-omit-frame-pointer
       -D_POSIX_C_SOURCE=200809L '-DCXCALC_VERSION="0.1.0"')
echo "run.sh: building $out/fuzz_load with $cc" >&2
# shellcheck disable=SC2046
"$cc" "${flags[@]}" "${csv_inc[@]}" -I"$root/include" \
    $(pkg-config --cflags libcjson) \
    -o "$out/fuzz_load" "$here/fuzz_load.c" "${srcs[@]}" "${csv_link[@]}" \
    $(pkg-config --libs libcjson) -lm

seeds=("$here/seeds")
if compgen -G "$here/regressions/*" > /dev/null; then
    seeds+=("$here/regressions")
fi
# Fork mode keeps fuzzing past a failing input (each one is saved in
# artifacts/), so one campaign reports every distinct failure.
parallel=(-fork="$jobs" -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
cd "$out"
echo "run.sh: fuzzing for $secs s" >&2
set +e
./fuzz_load "$out/corpus" "${seeds[@]}" -dict="$here/fuzz_load.dict" \
    -max_total_time="$secs" -max_len="$max_len" -timeout=20 \
    -rss_limit_mb=2048 -print_final_stats=1 -use_value_profile=1 \
    -artifact_prefix="$out/artifacts/" "${parallel[@]}" 2>&1 |
    tee "$out/fuzz.log"
rc=${PIPESTATUS[0]}
set -e
echo "run.sh: exit $rc; corpus $(find "$out/corpus" -type f | wc -l) files," \
     "$(du -sb "$out/corpus" | cut -f1) bytes; artifacts:" >&2
ls -l "$out/artifacts" >&2
exit "$rc"
