# lib.sh - shared helpers of the process tests; sourced by each test as
#     source "$(dirname "$0")/lib.sh" "$@"
# with the cxcalc binary as the first argument.  Exit 0 pass, 1 fail,
# 77 skip.

set -u
if [ $# -lt 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 CXCALC" >&2
    exit 2
fi
CXCALC=$1
SANITIZED=${CXCALC_SANITIZED:-0}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cxcalc-process.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
FAILED=0

# The bad-input corpus baseline: n 5, 2 promoters, 1 passive, 2 detractors.
BASE=$TMP/base.csv
cat > "$BASE" <<'CSV'
response_id,submitted_at,score,comment
r1,2024-03-01T09:00:00Z,10,Great service
r2,2024-03-01T09:05:00Z,9,Fast
r3,2024-03-01T09:10:00Z,7,OK
r4,2024-03-01T09:15:00Z,3,Slow
r5,2024-03-01T09:20:00Z,0,Never again
CSV

fail() {
    echo "FAIL: $*"
    FAILED=1
}

skip() {
    echo "SKIP: $*"
    exit 77
}

# expect_status WHAT ACTUAL EXPECTED
expect_status() {
    if [ "$2" -ne "$3" ]; then
        fail "$1: exit $2, expected $3"
    else
        echo "ok: $1: exit $2"
    fi
}

# expect_stderr WHAT FILE REGEX: FILE matches the extended regex
expect_match() {
    if grep -Eq -- "$3" "$2"; then
        echo "ok: $1 matches /$3/"
    else
        fail "$1 does not match /$3/; it is:"
        sed 's/^/    /' "$2"
    fi
}

# expect_empty WHAT FILE
expect_empty() {
    if [ -s "$2" ]; then
        fail "$1 is not empty:"
        sed 's/^/    /' "$2" | head -20
    else
        echo "ok: $1 is empty"
    fi
}

# no_sanitizer FILE: no sanitizer report in a stderr capture
no_sanitizer() {
    if grep -Eq 'Sanitizer|runtime error:' "$1"; then
        fail "sanitizer report:"
        sed 's/^/    /' "$1" | head -40
    fi
}

# A survey export of N rows (LF), for outputs bigger than a pipe buffer.
make_rows() {
    awk -v n="$1" 'BEGIN {
        print "response_id,submitted_at,score,comment"
        for (i = 0; i < n; i++)
            printf "r%d,2024-03-01T09:00:00Z,%d,comment %d\n", i, i % 11, i
    }' > "$2"
}

finish() {
    if [ "$FAILED" -ne 0 ]; then
        exit 1
    fi
    echo "passed"
    exit 0
}
