#!/usr/bin/env bash
# tests/bench/run.sh [ROWS] [RUNS] — time cxcalc against its floors and peers.
#
# Builds cxcalc (Release, in build-bench/), generates a survey export and an
# interactions export of ROWS rows once (cached in $CXCALC_BENCH_DIR, default
# /tmp/cxcalc-bench), then times each tool RUNS times with a warm page cache
# and reports the median wall time and peak RSS, as markdown tables:
#
#   floors  cat FILE > /dev/null, wc -l, a bare libcsv parse loop
#   job A   NPS by segment         cxcalc, DuckDB C API (2 and 1 threads),
#                                  DuckDB node (2 threads), pandas, Miller
#   job B   report: NPS, CSAT, CES by segment and month
#                                  cxcalc, DuckDB C API (2 threads), pandas
#   job C   AHT by agent (mean, median, p90)
#                                  cxcalc, DuckDB C API (2 threads), pandas
#   job D   FCR, repeat contacts   cxcalc, DuckDB C API (2 threads)
#   job E   NPS by customer id (high cardinality)
#                                  cxcalc, DuckDB C API (2 threads)
#   job F   job A from stdin       cxcalc reading a pipe, DuckDB the file
#
# Every peer's numbers are checked against cxcalc's (counts equal, values to
# 1e-9, same groups; tests/bench/compare.py): a difference prints DISAGREE
# and the script exits 1. A peer that is not installed is skipped with a line
# saying how to install it; this script installs no Debian package. DuckDB
# comes from npm (@duckdb/node-api, into tests/bench/.deps, git-ignored).
#
# Defaults: ROWS 10000000, RUNS 3. Environment:
#   CXCALC_BENCH_DIR       cache of generated files (default /tmp/cxcalc-bench)
#   CXCALC_BENCH_SEGMENTS  segments in the survey file (default 20)
#   CXCALC_BENCH_SEED      generator seed (default 1)
#   CXCALC_BENCH_SKIP      tools to leave out, space-separated, among:
#                          cat wc libcsv duckdb-capi duckdb-node pandas mlr
#   CXCALC_BENCH_JOBS      parallel jobs for the cxcalc build (default nproc)
#   CXCALC_BENCH_TIMER     "python" to time with python3's getrusage instead
#                          of /usr/bin/time (used when that is missing)
# The tables are printed on stdout and saved as
# $CXCALC_BENCH_DIR/results-ROWS-kSEGMENTS.md; progress goes to stderr.
set -euo pipefail

ROWS=${1:-10000000}
RUNS=${2:-3}
SEED=${CXCALC_BENCH_SEED:-1}
SEGMENTS=${CXCALC_BENCH_SEGMENTS:-20}
SKIP=" ${CXCALC_BENCH_SKIP:-} "
CACHE=${CXCALC_BENCH_DIR:-/tmp/cxcalc-bench}

for v in "$ROWS" "$RUNS" "$SEED" "$SEGMENTS"; do
    if ! [[ $v =~ ^[0-9]+$ ]] || ((v < 1)); then
        echo "usage: run.sh [ROWS] [RUNS]   (positive integers; also CXCALC_BENCH_SEGMENTS, _SEED)" >&2
        exit 2
    fi
done

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUILD=$REPO/build-bench          # ignored by .gitignore's build-*/
DEPS=$HERE/.deps                 # npm packages, ignored by .gitignore
JOBS=${CXCALC_BENCH_JOBS:-$(nproc)}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxcalc-bench-run.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

say() { printf '%s\n' "$*" >&2; }
skipped() { [[ $SKIP == *" $1 "* ]]; }

# ---------------------------------------------------------------- build ----
say "== building cxcalc (Release) in $BUILD"
cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCXCALC_TESTS=OFF >"$WORK/cmake.log" 2>&1 \
    || { cat "$WORK/cmake.log" >&2; exit 1; }
cmake --build "$BUILD" --target cxcalc --parallel "$JOBS" >"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; exit 1; }
CXCALC=$BUILD/cxcalc
mkdir -p "$BUILD/bench"

# libcsv ships no pkg-config file on Debian: fall back to plain -lcsv.
read -r -a LIBCSV_FLAGS <<<"$(pkg-config --cflags --libs libcsv 2>/dev/null || echo -lcsv)"
LIBCSV_LOOP=$BUILD/bench/libcsv_loop
gcc -O2 -Wall -Wextra "$HERE/libcsv_loop.c" -o "$LIBCSV_LOOP" "${LIBCSV_FLAGS[@]}"

# DuckDB: the C API library ships inside the npm package of the node client.
DUCKDB_CAPI=
HAVE_NODE_DUCKDB=
if ! skipped duckdb-capi || ! skipped duckdb-node; then
    if [[ ! -d $DEPS/node_modules/@duckdb/node-api ]]; then
        if command -v npm >/dev/null; then
            say "== installing DuckDB: npm install --prefix $DEPS @duckdb/node-api"
            npm install --prefix "$DEPS" --no-audit --no-fund @duckdb/node-api >"$WORK/npm.log" 2>&1 \
                || { cat "$WORK/npm.log" >&2; say "npm install failed: DuckDB peers skipped"; }
        else
            say "npm not found: DuckDB peers skipped (apt-get install -y npm)"
        fi
    fi
    LIBDUCKDB=$(find "$DEPS/node_modules" -name libduckdb.so -print -quit 2>/dev/null || true)
    if [[ -n $LIBDUCKDB ]]; then
        L=$(dirname "$LIBDUCKDB")
        DUCKDB_CAPI=$BUILD/bench/duckdb_capi
        gcc -O2 -Wall -Wextra "$HERE/duckdb_capi.c" -o "$DUCKDB_CAPI" -L"$L" -lduckdb -Wl,-rpath,"$L"
        if command -v node >/dev/null; then HAVE_NODE_DUCKDB=1; fi
    elif [[ -d $DEPS/node_modules ]]; then
        say "libduckdb.so not found under $DEPS/node_modules: DuckDB peers skipped"
    fi
fi

# pandas: the first python3 that can import it (pyenv's may not see Debian's).
PANDAS_PY=
for py in python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null && "$py" -c 'import pandas' 2>/dev/null; then
        PANDAS_PY=$(command -v "$py"); break
    fi
done

# ------------------------------------------------------------------ data ---
GEN=$HERE/gen_export.py
GEN_ID=$(sha1sum "$GEN" | cut -c1-8)   # a changed generator makes new files
mkdir -p "$CACHE"
SURVEY=$CACHE/survey-$ROWS-k$SEGMENTS-s$SEED-$GEN_ID.csv
INTER=$CACHE/interactions-$ROWS-s$SEED-$GEN_ID.csv

generate() { # FILE ARGS...: generate once, atomically
    local file=$1; shift
    if [[ ! -s $file ]]; then
        say "== generating $file"
        python3 "$GEN" --rows "$ROWS" --seed "$SEED" "$@" >"$file.tmp"
        mv "$file.tmp" "$file"
    fi
}
generate "$SURVEY" --kind survey --segments "$SEGMENTS"
generate "$INTER" --kind interactions

# --------------------------------------------------------------- timing ----
# Wall time (s) and peak RSS (KiB) of one command, as "SECONDS KIB" in $2.
# /usr/bin/time when there is one (and CXCALC_BENCH_TIMER is not "python"),
# else a python3 wrapper: wall clock around the child, its ru_maxrss (which
# then includes the ~10 MB of the forked python before the exec: small RSS
# figures read high with it).
if [[ -x /usr/bin/time && ${CXCALC_BENCH_TIMER:-} != python ]]; then
    timed() { # OUT STATS CMD...
        local out=$1 stats=$2; shift 2
        /usr/bin/time -f '%e %M' -o "$stats" "$@" >"$out" 2>"$WORK/stderr"
    }
else
    timed() {
        local out=$1 stats=$2; shift 2
        python3 -c '
import resource, subprocess, sys, time
t = time.monotonic()
rc = subprocess.call(sys.argv[2:])
t = time.monotonic() - t
with open(sys.argv[1], "w") as f:
    print(f"{t:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=f)
sys.exit(rc)' "$stats" "$@" >"$out" 2>"$WORK/stderr"
    }
fi

median() { # numbers on stdin -> their median
    sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

declare -A WALL RSS FILEOF BAD
declare -a ORDER=()
STATUS=0

# measure JOB TOOL FILE CMD...: run CMD $RUNS times (stdout to $WORK/JOB-TOOL.out),
# record median wall seconds and peak RSS. FILE is the input, for MB/s.
measure() {
    local job=$1 tool=$2 file=$3; shift 3
    local id="$job|$tool" out="$WORK/$job-$tool.out" i t m ts=() ms=()
    say "-- $job: $tool ($RUNS runs)"
    cat "$file" >/dev/null      # warm page cache
    for ((i = 0; i < RUNS; i++)); do
        if ! timed "$out" "$WORK/stats" "$@"; then
            say "FAILED: $job: $tool exited non-zero:"
            head -20 "$WORK/stderr" >&2
            WALL[$id]=failed; RSS[$id]=-; FILEOF[$id]=$file; ORDER+=("$id")
            STATUS=1
            return 1
        fi
        read -r t m < <(tail -n 1 "$WORK/stats")
        ts+=("$t"); ms+=("$m")
    done
    if [[ -s $WORK/stderr ]]; then
        say "   (stderr of $tool:)"; head -5 "$WORK/stderr" >&2
    fi
    WALL[$id]=$(printf '%s\n' "${ts[@]}" | median)
    RSS[$id]=$(printf '%s\n' "${ms[@]}" | median)
    FILEOF[$id]=$file
    ORDER+=("$id")
}

# check JOB TOOL KIND: compare TOOL's output with cxcalc's for JOB
# (KIND: nps, report, aht or fcr, the columns compare.py expects).
check() {
    local job=$1 tool=$2 kind=$3
    [[ ${WALL["$job|$tool"]:-failed} == failed ]] && return 0
    if ! python3 "$HERE/compare.py" "$kind" "$WORK/$job-cxcalc.out" "$WORK/$job-$tool.out" "$tool" >&2; then
        say "DISAGREE: $job: $tool and cxcalc differ (lines above)"
        BAD["$job|$tool"]=1
        STATUS=1
    fi
}

# ---------------------------------------------------------------- queries --
sqlstr() { printf "'%s'" "${1//\'/\'\'}"; }   # a SQL string literal

survey_src() {
    printf "read_csv(%s, header=true, delim=',', quote='\"', escape='\"', columns={%s})" "$(sqlstr "$1")" \
        "'response_id':'VARCHAR','submitted_at':'TIMESTAMPTZ','customer_id':'VARCHAR','segment':'VARCHAR','channel':'VARCHAR','nps':'INTEGER','csat':'INTEGER','ces':'INTEGER','comment':'VARCHAR'"
}
inter_src() {
    printf "read_csv(%s, header=true, delim=',', quote='\"', escape='\"', columns={%s})" "$(sqlstr "$1")" \
        "'interaction_id':'VARCHAR','customer_id':'VARCHAR','agent':'VARCHAR','channel':'VARCHAR','started_at':'TIMESTAMPTZ','ended_at':'TIMESTAMPTZ','handle_time_seconds':'DOUBLE','resolved':'VARCHAR','issue':'VARCHAR'"
}

# NPS = 100 (promoters - detractors) / n over the 0-10 answers (SPEC §3).
SQL_A="SET TimeZone='UTC';
SELECT segment, count(nps) AS n,
       (100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / count(nps))::DOUBLE AS nps
FROM $(survey_src "$SURVEY") GROUP BY segment ORDER BY segment"

# Job E: NPS per customer (about a third as many groups as rows).
SQL_E="SET TimeZone='UTC';
SELECT customer_id, count(nps) AS n,
       (100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / count(nps))::DOUBLE AS nps
FROM $(survey_src "$SURVEY") GROUP BY customer_id ORDER BY customer_id"

# NPS, CSAT (% of 4-5 among 1-5 answers), CES (mean of 1-7) by segment and UTC month.
SQL_B="SET TimeZone='UTC';
SELECT segment, strftime(submitted_at, '%Y-%m') AS month,
       count(nps) AS nps_n,
       (100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / count(nps))::DOUBLE AS nps,
       count(csat) AS csat_n, (100.0 * count(*) FILTER (WHERE csat >= 4) / count(csat))::DOUBLE AS csat,
       count(ces) AS ces_n, avg(ces)::DOUBLE AS ces
FROM $(survey_src "$SURVEY") GROUP BY ALL ORDER BY ALL"

# AHT: mean of the handle column over its non-empty cells (SPEC §3), and,
# as cxcalc computes them too, the median and p90 by linear interpolation
# between closest ranks (numpy's default, DuckDB's quantile_cont).
SQL_C="SET TimeZone='UTC';
SELECT agent, count(handle_time_seconds) AS n, avg(handle_time_seconds)::DOUBLE AS aht,
       quantile_cont(handle_time_seconds, 0.5)::DOUBLE AS median,
       quantile_cont(handle_time_seconds, 0.9)::DOUBLE AS p90
FROM $(inter_src "$INTER") GROUP BY agent ORDER BY agent"

# FCR, repeat-contact method (SPEC §3): the contacts of one customer and
# issue, in time order, form episodes; a contact more than 7 days after the
# first contact of the current episode opens a new one, otherwise it joins
# it. An episode is resolved first time when it has one contact. The episode
# anchor depends on the previous contacts, so it is a recursive CTE walking
# each (customer, issue) sequence one contact at a time.
SQL_D="SET TimeZone='UTC';
WITH RECURSIVE c AS (
  SELECT customer_id, issue, epoch(started_at) AS t,
         row_number() OVER (PARTITION BY customer_id, issue ORDER BY started_at) AS rn
  FROM $(inter_src "$INTER")
  WHERE customer_id IS NOT NULL AND started_at IS NOT NULL
), e AS (
  SELECT customer_id, issue, rn, t AS anchor, 1 AS ep FROM c WHERE rn = 1
  UNION ALL
  SELECT c.customer_id, c.issue, c.rn,
         CASE WHEN c.t - e.anchor > 7 * 86400 THEN c.t ELSE e.anchor END,
         e.ep + CASE WHEN c.t - e.anchor > 7 * 86400 THEN 1 ELSE 0 END
  FROM e JOIN c ON c.customer_id = e.customer_id AND c.issue IS NOT DISTINCT FROM e.issue
                AND c.rn = e.rn + 1
), episodes AS (
  SELECT customer_id, issue, ep, count(*) AS size FROM e GROUP BY ALL
)
SELECT count(*) AS n, count(*) FILTER (WHERE size = 1) AS resolved_first,
       sum(size) - count(*) AS repeat_contacts,
       (100.0 * count(*) FILTER (WHERE size = 1) / count(*))::DOUBLE AS fcr
FROM episodes"

# Miller: promoters, detractors and n per segment, then the NPS.
# shellcheck disable=SC2016  # $nps etc. are Miller's, not the shell's
MLR_A=(mlr --icsv --ojson filter 'is_not_empty($nps)'
    'then' put '$p = $nps >= 9 ? 1 : 0; $d = $nps <= 6 ? 1 : 0'
    'then' stats1 -a 'count,sum' -f 'p,d' -g segment
    'then' put '$n = $p_count; $nps = 100 * ($p_sum - $d_sum) / $p_count'
    'then' cut -o -f 'segment,n,nps' 'then' sort -f segment)

# ------------------------------------------------------------------ runs ---
have() { # TOOL: is the peer wanted and installed? Says why not.
    skipped "$1" && { say "-- $1: skipped (CXCALC_BENCH_SKIP)"; return 1; }
    case $1 in
        duckdb-capi) [[ -n $DUCKDB_CAPI ]] || { say "-- duckdb-capi: not available, skipped (needs npm: $DEPS)"; return 1; } ;;
        duckdb-node) [[ -n $HAVE_NODE_DUCKDB ]] || { say "-- duckdb-node: not available, skipped (needs node and npm)"; return 1; } ;;
        pandas) [[ -n $PANDAS_PY ]] || { say "-- pandas: not installed, skipped (apt-get install -y python3-pandas)"; return 1; } ;;
        mlr) command -v mlr >/dev/null || { say "-- mlr: not installed, skipped (apt-get install -y miller)"; return 1; } ;;
    esac
}

say "== timing, $RUNS runs each, $ROWS rows"
# Floors, on both files.
for f in survey:"$SURVEY" interactions:"$INTER"; do
    kind=${f%%:*} file=${f#*:}
    if have cat; then measure floors "cat $kind" "$file" cat "$file" || true; fi
    if have wc; then measure floors "wc -l $kind" "$file" wc -l "$file" || true; fi
    if have libcsv && measure floors "libcsv loop $kind" "$file" "$LIBCSV_LOOP" "$file"; then
        read -r records _ <"$WORK/floors-libcsv loop $kind.out"
        if ((records != ROWS + 1)); then
            say "DISAGREE: libcsv loop read $records records in $file, expected $((ROWS + 1))"
            STATUS=1
        fi
    fi
done

# Job A: NPS by segment.
measure A cxcalc "$SURVEY" "$CXCALC" nps --by segment "$SURVEY" --format json || exit 1
if have duckdb-capi; then
    measure A "duckdb-capi-2t" "$SURVEY" "$DUCKDB_CAPI" 2 "$SQL_A" && check A duckdb-capi-2t nps
    measure A "duckdb-capi-1t" "$SURVEY" "$DUCKDB_CAPI" 1 "$SQL_A" && check A duckdb-capi-1t nps
fi
if have duckdb-node; then
    measure A "duckdb-node-2t" "$SURVEY" node "$HERE/duckdb_node.mjs" 2 "$SQL_A" && check A duckdb-node-2t nps
fi
if have pandas; then
    measure A pandas "$SURVEY" "$PANDAS_PY" "$HERE/pandas_jobs.py" nps "$SURVEY" && check A pandas nps
fi
if have mlr; then
    measure A mlr "$SURVEY" "${MLR_A[@]}" "$SURVEY" && check A mlr nps
fi

# Job B: NPS, CSAT, CES by segment and month.
measure B cxcalc "$SURVEY" "$CXCALC" report --surveys "$SURVEY" --by segment --period month --format json || exit 1
if have duckdb-capi; then
    measure B "duckdb-capi-2t" "$SURVEY" "$DUCKDB_CAPI" 2 "$SQL_B" && check B duckdb-capi-2t report
fi
if have pandas; then
    measure B pandas "$SURVEY" "$PANDAS_PY" "$HERE/pandas_jobs.py" report "$SURVEY" && check B pandas report
fi

# Job C: AHT by agent.
measure C cxcalc "$INTER" "$CXCALC" aht --by agent "$INTER" --format json || exit 1
if have duckdb-capi; then
    measure C "duckdb-capi-2t" "$INTER" "$DUCKDB_CAPI" 2 "$SQL_C" && check C duckdb-capi-2t aht
fi
if have pandas; then
    measure C pandas "$INTER" "$PANDAS_PY" "$HERE/pandas_jobs.py" aht "$INTER" && check C pandas aht
fi

# Job D: FCR by repeat contacts (7-day window, per customer and issue).
measure D cxcalc "$INTER" "$CXCALC" fcr --fcr-method repeat "$INTER" --format json || exit 1
if have duckdb-capi; then
    measure D "duckdb-capi-2t" "$INTER" "$DUCKDB_CAPI" 2 "$SQL_D" && check D duckdb-capi-2t fcr
fi

# Job E: NPS by customer id, one group per customer.
measure E cxcalc "$SURVEY" "$CXCALC" nps --by customer_id "$SURVEY" --format json || exit 1
if have duckdb-capi; then
    measure E "duckdb-capi-2t" "$SURVEY" "$DUCKDB_CAPI" 2 "$SQL_E" && check E duckdb-capi-2t nps_customer
fi

# Job F: job A with the file on standard input (a pipe's reader), against
# DuckDB reading the file.
measure F cxcalc "$SURVEY" sh -c '"$0" nps --by segment --format json - < "$1"' "$CXCALC" "$SURVEY" || exit 1
if have duckdb-capi; then
    measure F "duckdb-capi-2t" "$SURVEY" "$DUCKDB_CAPI" 2 "$SQL_A" && check F duckdb-capi-2t nps
fi

# Sanity: cxcalc read every row.
for job in A B C D E F; do
    rows=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["inputs"][0]["rows"])' "$WORK/$job-cxcalc.out")
    if ((rows != ROWS)); then
        say "DISAGREE: cxcalc job $job read $rows rows, expected $ROWS"
        STATUS=1
    fi
done

# ---------------------------------------------------------------- report ---
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f", b / 1e6 }'; }

table() { # JOB TITLE BASE: one markdown table; ratios against BASE's time
    local job=$1 title=$2 base=$3 id tool t file
    printf '\n### %s\n\n' "$title"
    printf '| tool | wall s (median) | MB/s | peak RSS MB | × vs cxcalc |\n'
    printf '|---|---:|---:|---:|---:|\n'
    for id in "${ORDER[@]}"; do
        [[ ${id%%|*} == "$job" ]] || continue
        tool=${id#*|} t=${WALL[$id]} file=${FILEOF[$id]}
        if [[ -n ${BAD[$id]:-} ]]; then tool="$tool **DISAGREE**"; fi
        if [[ $t == failed ]]; then
            printf '| %s | failed | | | |\n' "$tool"; continue
        fi
        local b=${WALL[$base]:-}
        if [[ $job == floors && $tool == *interactions ]]; then b=${WALL["C|cxcalc"]:-}; fi
        awk -v tool="$tool" -v t="$t" -v kib="${RSS[$id]}" -v bytes="$(stat -c %s "$file")" -v base="$b" 'BEGIN {
            mbs = t > 0 ? sprintf("%.0f", bytes / 1e6 / t) : "-"
            ratio = (base + 0 > 0) ? sprintf("%.2f", t / base) : "-"
            printf "| %s | %.2f | %s | %.1f | %s |\n", tool, t, mbs, kib * 1024 / 1e6, ratio }'
    done
}

{
    printf '## cxcalc benchmark: %s rows, median of %s runs\n\n' "$ROWS" "$RUNS"
    printf -- '- machine: %s cores (nproc), %s, %s GB RAM\n' "$(nproc)" \
        "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
        "$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
    printf -- '- date: %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf -- '- cxcalc: %s (git %s), Release build\n' "$("$CXCALC" --version 2>/dev/null | head -1)" \
        "$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?')"
    if [[ -n $DUCKDB_CAPI ]]; then
        printf -- '- DuckDB: %s\n' "$("$DUCKDB_CAPI" 1 'SELECT version() AS v' | tail -n 1)"
    fi
    if [[ -n $PANDAS_PY ]]; then
        printf -- '- pandas: %s\n' "$("$PANDAS_PY" -c 'import pandas; print(pandas.__version__)')"
    fi
    if command -v mlr >/dev/null; then printf -- '- Miller: %s\n' "$(mlr --version)"; fi
    printf -- '- survey file: %s MB, %s segments; interactions file: %s MB; seed %s\n' \
        "$(mb "$SURVEY")" "$SEGMENTS" "$(mb "$INTER")" "$SEED"
    table floors "Floors (× vs cxcalc: against job A on the survey file, job C on the interactions file)" "A|cxcalc"
    table A "Job A: NPS by segment (survey file)" "A|cxcalc"
    table B "Job B: report, NPS + CSAT + CES by segment and month (survey file)" "B|cxcalc"
    table C "Job C: AHT by agent: mean, median, p90 (interactions file)" "C|cxcalc"
    table D "Job D: FCR, repeat contacts within 7 days (interactions file)" "D|cxcalc"
    table E "Job E: NPS by customer id, about a group per 3 rows (survey file)" "E|cxcalc"
    table F "Job F: job A from standard input (\`- < FILE\`; DuckDB reads the file)" "F|cxcalc"
    printf '\n'
    if ((STATUS)); then
        printf '**DISAGREE or FAILED: see the messages above; these numbers are not valid.**\n'
    else
        printf 'All peers agree with cxcalc.\n'
    fi
} | tee "$CACHE/results-$ROWS-k$SEGMENTS.md"

if ((STATUS)); then
    rm -rf "$CACHE/last-failed-run"
    cp -r "$WORK" "$CACHE/last-failed-run"
    say ""
    say "*************************************************************"
    say "*** DISAGREE / FAILED: a peer differs from cxcalc or failed ***"
    say "*** outputs kept in $CACHE/last-failed-run"
    say "*************************************************************"
fi
exit "$STATUS"
