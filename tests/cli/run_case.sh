#!/usr/bin/env bash
# Golden command-line test: run one case of tests/cli/ and compare its
# stdout, stderr and exit status with the expected files, byte for byte.
#
# Usage: tests/cli/run_case.sh CXCALC CASE_DIR
#
# A case directory holds:
#   cmd              one line: what follows `cxcalc` on a shell command line.
#                    It is evaluated by bash (eval), so it may quote words
#                    ('a b.csv', "--where=x=1") and may end with redirects
#                    or a pipeline, e.g.  nps survey.csv >/dev/full
#                    The line is run as   "$CXCALC" <cmd>   with the work
#                    directory (below) as the current directory; input
#                    files are named relative to it.  pipefail is on, so a
#                    pipeline's status is cxcalc's unless a later command
#                    fails.  An empty cmd runs cxcalc with no arguments.
#   stdin            optional: fed to cxcalc's stdin (else /dev/null).
#   env              optional: NAME=VALUE lines exported for cxcalc only
#                    (CXCALC_NOW=..., CXCALC_TZ=...).
#   expected.stdout  expected standard output (exact bytes).
#   expected.stderr  expected standard error (exact bytes).
#   expected.exit    expected exit status (a number and a newline).
#   setup            optional bash snippet, run in the work directory before
#                    the command (make a directory, an unreadable file, a
#                    generated input...).  Exit 77 = skip the case.
#   check            optional bash snippet, run in the work directory after
#                    the command; non-zero = failure (assert a file was or
#                    was not written, no temporary file is left...).
#   README           what the case tests and how its numbers were worked out.
#   expected.*       any other expected.* file is for `check` to compare.
#
# Every run happens in a fresh temporary work directory holding a copy of
# the case's input files: everything in CASE_DIR except cmd, stdin, env, setup,
# check, README and expected.*.  The source tree is never written to (except
# by CXCALC_REGEN=1, below).  stdout and stderr are captured outside the
# work directory, so `ls -A` in `check` shows only inputs and outputs.
#
# setup and check run as `bash -e FILE` with these variables exported:
#   CXCALC          absolute path of the binary
#   CASE_DIR        absolute path of the case directory (read-only use)
#   ACTUAL_STDOUT, ACTUAL_STDERR   files with the captured output (check)
#   ACTUAL_EXIT     cxcalc's exit status (check)
#
# The environment is pinned: LC_ALL=C (strerror texts), TZ=UTC, umask 022
# (so the mode of a file written with -o is known: 0644).
#
# Environment:
#   CXCALC_REGEN=1  rewrite expected.stdout/.stderr/.exit from the actual
#                   run instead of comparing (review the diff before
#                   committing!).  check still runs.
#   KEEP_TMP=1      keep the work directory and print where it is.
#
# Exit status: 0 pass, 1 mismatch or check failure, 2 usage error,
# 77 skipped (setup asked for it; CTest: SKIP_RETURN_CODE 77).

set -uo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 CXCALC CASE_DIR" >&2
    exit 2
fi

cxcalc=$1
case $cxcalc in
    /*) ;;
    */*) cxcalc=$(cd "$(dirname "$cxcalc")" && pwd)/$(basename "$cxcalc") ;;
    *) cxcalc=$(command -v "$cxcalc" || true) ;;
esac
if [ -z "$cxcalc" ] || [ ! -x "$cxcalc" ]; then
    echo "$0: '$1' is not an executable" >&2
    exit 2
fi
if [ ! -d "$2" ] || [ ! -f "$2/cmd" ]; then
    echo "$0: '$2' is not a case directory (no cmd file)" >&2
    exit 2
fi
case_dir=$(cd "$2" && pwd)
name=$(basename "$case_dir")
regen=${CXCALC_REGEN:-0}

if [ "$regen" != 1 ]; then
    for f in expected.stdout expected.stderr expected.exit; do
        if [ ! -f "$case_dir/$f" ]; then
            echo "$name: missing $f (run with CXCALC_REGEN=1 to create it)" >&2
            exit 2
        fi
    done
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cxcalc-cli.XXXXXX") || exit 2
# shellcheck disable=SC2317  # called through the EXIT trap
cleanup() {
    if [ "${KEEP_TMP:-0}" = 1 ]; then
        echo "$name: work directory kept: $tmp" >&2
    else
        chmod -R u+rwx "$tmp" 2>/dev/null
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT

work=$tmp/work
out=$tmp/out
mkdir "$work" "$out" || exit 2

# Copy the inputs, not the case's control files.
for f in "$case_dir"/* "$case_dir"/.[!.]*; do
    [ -e "$f" ] || continue
    base=$(basename "$f")
    case $base in
        cmd | stdin | env | setup | check | README | expected.*) continue ;;
    esac
    cp -R "$f" "$work/" || exit 2
done

export LC_ALL=C TZ=UTC
umask 022
export CXCALC=$cxcalc CASE_DIR=$case_dir
export ACTUAL_STDOUT=$out/stdout ACTUAL_STDERR=$out/stderr

if [ -f "$case_dir/setup" ]; then
    (cd "$work" && bash -e "$case_dir/setup") >"$out/setup.log" 2>&1
    rc=$?
    if [ $rc -eq 77 ]; then
        echo "$name: skipped: $(tail -n 1 "$out/setup.log")"
        exit 77
    fi
    if [ $rc -ne 0 ]; then
        echo "$name: setup failed (exit $rc):" >&2
        sed 's/^/    /' "$out/setup.log" >&2
        exit 1
    fi
fi

cmdline=$(cat "$case_dir/cmd")
stdin_file=/dev/null
[ -f "$case_dir/stdin" ] && stdin_file=$case_dir/stdin

(
    cd "$work" || exit 125
    if [ -f "$case_dir/env" ]; then
        while IFS= read -r line; do
            [ -n "$line" ] && export "${line?}"
        done <"$case_dir/env"
    fi
    eval "\"\$CXCALC\" $cmdline"
) <"$stdin_file" >"$out/stdout" 2>"$out/stderr"
actual_exit=$?
echo "$actual_exit" >"$out/exit"
export ACTUAL_EXIT=$actual_exit

failed=0
if [ "$regen" = 1 ]; then
    cp "$out/stdout" "$case_dir/expected.stdout"
    cp "$out/stderr" "$case_dir/expected.stderr"
    cp "$out/exit" "$case_dir/expected.exit"
    echo "$name: expected files rewritten (exit $actual_exit)"
else
    for s in stdout stderr exit; do
        if ! cmp -s "$case_dir/expected.$s" "$out/$s"; then
            echo "$name: $s differs (cxcalc $cmdline):"
            diff -u --label "expected.$s" --label "actual.$s" \
                "$case_dir/expected.$s" "$out/$s"
            failed=1
        fi
    done
fi

if [ -f "$case_dir/check" ]; then
    if ! (cd "$work" && bash -e "$case_dir/check") >"$out/check.log" 2>&1
    then
        echo "$name: check failed:"
        sed 's/^/    /' "$out/check.log"
        failed=1
    fi
fi

if [ $failed -ne 0 ]; then
    exit 1
fi
[ "$regen" = 1 ] || echo "$name: ok"
exit 0
