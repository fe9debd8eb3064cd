#!/usr/bin/env bash
# run.sh SECONDS [TARGETS] - build the libFuzzer targets with clang and
# fuzz them.
#
# TARGETS is a comma-separated list of `load` (tests/fuzz/fuzz_load.c: the
# library's input path), `fastpath` (tests/fuzz/fuzz_fastpath.c: the
# reader's fast path against libcsv alone) and `state`
# (tests/fuzz/fuzz_state.c: the partial states `cxcalc merge` reads); the
# default, `load,fastpath,state`, runs all three, one after the other,
# SECONDS each (so `run.sh 600` takes 30 minutes).
#
# Builds each target with the library sources (src/, without the CLI)
# under -fsanitize=fuzzer,address,undefined, then runs one libFuzzer
# campaign of SECONDS seconds per target, seeded with its seeds (seeds/
# and the regression inputs for load, seeds_fastpath/ for fastpath),
# keeping the growing corpus between runs.
#
#   tests/fuzz/run.sh 600                  # the 10-minute smoke run, each
#   tests/fuzz/run.sh 600 fastpath         # the fast path only
#   FUZZ_JOBS=2 tests/fuzz/run.sh 3600     # the long run: 1 hour on 2 cores
#   LIBCSV_SRC=/path/to/libcsv-3.0.3 tests/fuzz/run.sh 3600
#       compiles libcsv.c from that source tree into the targets, so libcsv
#       is instrumented too (more coverage, and ASan checks libcsv's own
#       accesses); without it Debian's libcsv is linked uninstrumented.
#
# Environment: FUZZ_OUT (default build-fuzz/ in the source tree, which git
# ignores) holds the binaries (fuzz_load, fuzz_fastpath), the corpora
# (corpus/ for load, corpus-fastpath/ for fastpath), artifacts/ (failing
# inputs of fuzz_fastpath are named fastpath-crash-... there) and the logs
# (fuzz.log, fuzz-fastpath.log); CC (default clang); FUZZ_JOBS (default 1:
# parallel fuzzing processes, libFuzzer -fork=N); FUZZ_MAX_LEN (default
# 8192).  The exit status is the first non-zero one of the campaigns.
#
# Afterwards: crash-*, leak-*, timeout-* and oom-* files in
# $FUZZ_OUT/artifacts are failing inputs.  Reproduce one with
#   $FUZZ_OUT/fuzz_load $FUZZ_OUT/artifacts/crash-...
#   $FUZZ_OUT/fuzz_fastpath $FUZZ_OUT/artifacts/fastpath-crash-...
# shrink it with
#   $FUZZ_OUT/fuzz_load -minimize_crash=1 -runs=100000 crash-...
# and commit the minimal input under tests/fuzz/regressions/ (fuzz_load)
# or tests/fuzz/seeds_fastpath/ (fuzz_fastpath, whose replay tests read
# that directory).  A smaller corpus for tests/fuzz/seeds/ comes from
#   $FUZZ_OUT/fuzz_load -merge=1 NEW_DIR $FUZZ_OUT/corpus
set -euo pipefail

usage() {
    echo "usage: $0 SECONDS [load|fastpath|state|load,fastpath,state]" >&2
    exit 2
}
if [ $# -lt 1 ] || [ $# -gt 2 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
    usage
fi
secs=$1
targets=()
IFS=, read -r -a wanted <<< "${2:-load,fastpath,state}"
for t in "${wanted[@]}"; do
    case $t in
        load|fastpath|state) targets+=("$t") ;;
        *) usage ;;
    esac
done
[ "${#targets[@]}" -gt 0 ] || usage
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
# what the library's sources link (CMakeLists.txt, CXCALC_LIB_DEPS);
# libarchive only for its header (it is loaded at run time)
pkgs=(libcjson zlib libzstd liblzma expat freexl libarchive)
flags=(-std=c11 -O1 -g -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=all -fno-omit-frame-pointer
       -D_POSIX_C_SOURCE=200809L '-DCXCALC_VERSION="0.1.0"')
# build NAME: $out/fuzz_NAME from tests/fuzz/fuzz_NAME.c
build() {
    echo "run.sh: building $out/fuzz_$1 with $cc" >&2
    local list=("${srcs[@]}")
    if [ "$1" = load ]; then
        # it counts allocations and makes them fail: the tests' allocator
        list=("$root/tests/unit/alloc_testing.c")
        for s in "${srcs[@]}"; do
            [[ $s == */src/util/alloc.c ]] || list+=("$s")
        done
    fi
    # shellcheck disable=SC2046
    "$cc" "${flags[@]}" "${csv_inc[@]}" -I"$root/include" -I"$root/src" \
        $(pkg-config --cflags "${pkgs[@]}") \
        -o "$out/fuzz_$1" "$here/fuzz_$1.c" "${list[@]}" "${csv_link[@]}" \
        $(pkg-config --libs "${pkgs[@]}") -lm -ldl -pthread
}

# campaign NAME CORPUS DICT ARTIFACT_PREFIX LOG SEED_DIR...
campaign() {
    local name=$1 corpus=$2 dict=$3 prefix=$4 log=$5
    shift 5
    mkdir -p "$corpus"
    # Fork mode keeps fuzzing past a failing input (each one is saved in
    # artifacts/), so one campaign reports every distinct failure.
    local parallel=(-fork="$jobs" -ignore_crashes=1 -ignore_ooms=1
                    -ignore_timeouts=1)
    echo "run.sh: fuzzing fuzz_$name for $secs s" >&2
    set +e
    (cd "$out" &&
     "./fuzz_$name" "$corpus" "$@" -dict="$dict" \
         -max_total_time="$secs" -max_len="$max_len" -timeout=20 \
         -rss_limit_mb=2048 -print_final_stats=1 -use_value_profile=1 \
         -artifact_prefix="$prefix" "${parallel[@]}" 2>&1) | tee "$log"
    local rc=${PIPESTATUS[0]}
    set -e
    echo "run.sh: fuzz_$name exit $rc; corpus $(find "$corpus" -type f |
         wc -l) files, $(du -sb "$corpus" | cut -f1) bytes" >&2
    return "$rc"
}

status=0
for t in "${targets[@]}"; do
    build "$t"
    rc=0
    if [ "$t" = load ]; then
        seeds=("$here/seeds")
        if compgen -G "$here/regressions/*" > /dev/null; then
            seeds+=("$here/regressions")
        fi
        campaign load "$out/corpus" "$here/fuzz_load.dict" \
            "$out/artifacts/" "$out/fuzz.log" "${seeds[@]}" || rc=$?
    elif [ "$t" = state ]; then
        campaign state "$out/corpus-state" "$here/fuzz_state.dict" \
            "$out/artifacts/state-" "$out/fuzz-state.log" \
            "$here/seeds_state" || rc=$?
    else
        campaign fastpath "$out/corpus-fastpath" \
            "$here/fuzz_fastpath.dict" "$out/artifacts/fastpath-" \
            "$out/fuzz-fastpath.log" "$here/seeds_fastpath" || rc=$?
    fi
    if [ "$status" -eq 0 ]; then
        status=$rc
    fi
done
echo "run.sh: exit $status; artifacts:" >&2
ls -l "$out/artifacts" >&2
exit "$status"
