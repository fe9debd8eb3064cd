#!/usr/bin/env bash
# Parsing a large survey file in parts on threads (--threads N; a file is
# cut only when each part gets >= 8 MiB) changes nothing: stdout, stderr
# and the exit status of --threads 1, 2 and 3 are the same bytes.
#
# The file is a ~26 MB export from tests/bench/gen_export.py (350,000
# rows, seed 7: three parts of >= 8 MiB), read as is by five command
# lines, then in variants with problems the script injects (python3) past
# the first part, where the parts' warnings, errors and line numbers must
# be merged back in file order:
#   a  nps 11 on 30 rows spread over the file: 10 warnings printed, then
#      "20 more warnings not shown"          (a2: over the last 45 %)
#   b  a and a2 with --strict: the error names the FIRST bad row's line
#   c  a stray quote inside an unquoted field near the end: line and column
#   d  a row with a missing field near the end, with and without
#      --skip-bad-rows
#   e  CRLF line endings in the second half, with bad scores after them
#      (their line numbers come from the split's CRLF count), and --strict
#   f  the last row without a trailing newline (and with nps 11)
#   g  lone-CR line endings in the first part, bad scores in the last
#   h  a UTF-8 BOM and a sep= line before the header, bad scores late
#   i  a segment with 300 trailing blanks and --max-field-bytes 200
#      (accepted: the blanks are trimmed), the field across byte 20 MiB
#   j  a quoted comment of 600 bytes and --max-field-bytes 200 (an
#      error), the field across byte 20 MiB
#   k  Windows-1252 segment names (caf\xe9) in 5 rows past the first part:
#      one warning, for the first of them, though two parts find one
#   (i and j guard the reader's cap check against where its blocks end:
#   tests/unit/test_reader_blocks.c, cases A and B.)
# For each variant the script also checks the line (and column) it
# expects, so that the injection is known to have hit, and, where strace
# works, that --threads 3 really ran two more threads.
#
# Last, an interactions export: `aht` reads in parts as well.
#
# Each variant runs `nps --by segment` (a and e `report` too); skipped
# (77) without python3.  Under CXCALC_SANITIZED=1 (the ASan build, three
# times slower) `ces` and `nps --format text` on the plain export, `report`
# on the variants, variants h, i, j and the thread count are left out.
source "$(dirname "$0")/lib.sh" "$@"
here=$(cd "$(dirname "$0")" && pwd)
gen=$here/../bench/gen_export.py
command -v python3 > /dev/null 2>&1 || skip "python3 is not installed"
# The interpreter itself (a pyenv shim costs 0.3 s a start).
PY=$(python3 -c 'import sys; print(sys.executable)' 2> /dev/null)
[ -x "$PY" ] || PY=python3
if [ ! -f "$gen" ]; then
    fail "$gen is missing"
    finish
fi

SRC=$TMP/export.csv
"$PY" "$gen" --rows 350000 --seed 7 > "$SRC" || {
    fail "gen_export.py failed"
    finish
}
MIN_BYTES=$((3 * 8 * 1024 * 1024))

# size_ok FILE: big enough for three parts of >= 8 MiB
size_ok() {
    local n
    n=$(wc -c < "$1")
    if [ "$n" -lt "$MIN_BYTES" ]; then
        fail "$(basename "$1") has $n bytes, fewer than 3 x 8 MiB"
        return 1
    fi
}
size_ok "$SRC" || finish

# Thread creation as strace sees it: `threads_made ARGS...` prints how
# many threads cxcalc ARGS started, or nothing when strace cannot run.
STRACE=0
if command -v strace > /dev/null 2>&1 &&
   strace -f -qq -e trace=clone,clone3 -o /dev/null true 2> /dev/null; then
    STRACE=1
else
    echo "note: strace unavailable: the number of threads is not checked"
fi
threads_made() {
    [ "$STRACE" -eq 1 ] && [ "$SANITIZED" -eq 0 ] || return 0
    strace -f -qq -e trace=clone,clone3 -o "$TMP/strace" \
        "$CXCALC" "$@" > /dev/null 2>&1
    grep -c 'CLONE_THREAD' "$TMP/strace"
}
# expect_threads WHAT MIN ARGS...: --threads 3 started at least MIN
expect_threads() {
    local what=$1 min=$2 n
    shift 2
    n=$(threads_made "$@")
    [ -n "$n" ] || return 0
    if [ "$n" -lt "$min" ]; then
        fail "$what: $n threads started, expected >= $min (not cut?)"
    else
        echo "ok: $what: $n threads started"
    fi
}

# same_output WHAT FILE CMD...: the command line (the word F stands for
# FILE) gives the same stdout, stderr and exit status with --threads 1,
# 2 and 3.  The --threads 1 stderr is left in $TMP/err.1.
same_output() {
    local what=$1 file=$2
    shift 2
    local args=() a t
    for a in "$@"; do
        if [ "$a" = F ]; then args+=("$file"); else args+=("$a"); fi
    done
    for t in 1 2 3; do
        "$CXCALC" "${args[@]}" --threads "$t" > "$TMP/out.$t" \
            2> "$TMP/err.$t"
        echo $? > "$TMP/rc.$t"
        no_sanitizer "$TMP/err.$t"
    done
    local ok=1
    for t in 2 3; do
        for s in out err rc; do
            if ! cmp -s "$TMP/$s.1" "$TMP/$s.$t"; then
                ok=0
                fail "$what: $* --threads $t: $s differs from --threads 1"
                diff "$TMP/$s.1" "$TMP/$s.$t" | head -8 | cut -c1-200 |
                    sed 's/^/    /'
            fi
        done
    done
    if [ "$ok" -eq 1 ]; then
        echo "ok: $what: $* (exit $(cat "$TMP/rc.1"), $(wc -c < \
"$TMP/out.1") + $(wc -c < "$TMP/err.1") bytes) same with 1, 2, 3 threads"
    fi
}

# ---- the file as generated ---------------------------------------------------
same_output "export" "$SRC" nps --by segment F
expect_status "nps --by segment" "$(cat "$TMP/rc.1")" 0
expect_empty "its stderr" "$TMP/err.1"
same_output "export" "$SRC" csat --by segment,channel --period month F
same_output "export" "$SRC" report --surveys F --by segment --period month
if [ "$SANITIZED" -eq 0 ]; then
    same_output "export" "$SRC" ces --period week F
    same_output "export" "$SRC" nps --format text F
fi
expect_threads "nps --threads 3" 2 nps --threads 3 "$SRC"
expect_threads "nps --threads 2" 1 nps --threads 2 "$SRC"

# ---- variants --------------------------------------------------------------
# inject.py SRC VARIANT OUT: writes the variant and prints what the
# messages must hold: "LINE" or "LINE:COL" of the first problem.
cat > "$TMP/inject.py" <<'PY'
import array
import bisect
import re
import sys

src, variant, out = sys.argv[1:4]
data = open(src, 'rb').read()
assert data.endswith(b'\n'), 'the export ends with a newline'
# Record starts (byte offsets): the generator's ids at a line start; the
# comment lines never look like one.  Found once, kept next to SRC.
cache = src + '.starts'
starts = array.array('q')
try:
    with open(cache, 'rb') as f:
        starts.frombytes(f.read())
except OSError:
    starts.extend(m.start() for m in re.finditer(rb'^R\d{8},', data, re.M))
    with open(cache, 'wb') as f:
        starts.tofile(f)
nrec = len(starts)
edits = {}                          # offset of a record: its new first line


def first_line(k):
    return data[starts[k]:data.index(b'\n', starts[k])]


def line_of(k):
    return data.count(b'\n', 0, starts[k]) + 1    # LF-only file


def set_nps(k, value=b'11'):
    p = first_line(k).split(b',', 8)
    p[5] = value
    edits[k] = b','.join(p)
    return line_of(k)


def spread(n, lo, hi):
    """n records evenly over [lo, hi) (fractions of the file)."""
    a, b = int(lo * nrec), int(hi * nrec)
    return [a + (b - a) * (2 * i + 1) // (2 * n) for i in range(n)]


first = None
if variant in ('a', 'a2', 'e', 'f', 'g', 'h'):
    lo, hi, n = {'a': (0, 1, 30), 'a2': (0.55, 1, 30), 'e': (0.7, 1, 12),
                 'f': (0.99, 1, 3), 'g': (0.7, 1, 10),
                 'h': (0.7, 1, 5)}[variant]
    first = [set_nps(k) for k in spread(n, lo, hi)][0]
    if variant == 'h':
        first += 1
if variant == 'c':
    k = int(nrec * 0.98)
    while len(first_line(k).split(b',', 8)[3]) < 4:
        k += 1
    p = first_line(k).split(b',', 8)
    col = len(b','.join(p[:3])) + 1 + 2 + 1     # 1-based, the quote
    p[3] = p[3][:2] + b'"' + p[3][2:]
    edits[k] = b','.join(p)
    first = '%d:%d' % (line_of(k), col)
if variant == 'd':
    k = int(nrec * 0.985)
    p = first_line(k).split(b',', 8)
    del p[4]
    edits[k] = b','.join(p)
    first = line_of(k)
if variant == 'f':
    first = set_nps(nrec - 1)       # the last row is bad too
if variant == 'k':
    # a byte E9 (Windows-1252 e-acute) at the end of some segment names
    ks = spread(5, 0.45, 1)
    for k in ks:
        p = first_line(k).split(b',', 8)
        p[3] = p[3] + b' caf\xe9'
        edits[k] = b','.join(p)
    first = line_of(ks[0])
if variant in ('i', 'j'):
    # A field over --max-field-bytes 200 across byte 20 MiB, where a whole
    # read's 1 MiB blocks end (the parts' blocks end elsewhere): i) an
    # unquoted segment name and 300 trailing blanks (a few bytes once
    # trimmed), j) a quoted comment of 600 bytes.
    M = 20 << 20
    for k in range(bisect.bisect_left(starts, M - 700), nrec):
        p = first_line(k).split(b',', 8)
        at = starts[k] + len(b','.join(p[:3])) + 1      # the segment
        if variant == 'i' and 210 <= M - at <= 290:
            p[3] = p[3] + b' ' * 300
            break
        if (variant == 'j' and starts[k] > M - 600
                and starts[k + 1] == starts[k] + len(first_line(k)) + 1):
            p[8] = b'"' + b'x' * 600 + b'"'
            break
    else:
        sys.exit('no record to change near byte %d' % M)
    edits[k] = b','.join(p)
    first = line_of(k)
if variant == 'g':
    # lone CR instead of LF after 40 one-line records early in the file
    for k in [k for k in spread(400, 0.02, 0.3)
              if data[starts[k + 1] - 1:starts[k + 1]] == b'\n'
              and data.count(b'\n', starts[k], starts[k + 1]) == 1][:40]:
        edits[k] = first_line(k) + b'\r'
        # the LF after it is dropped below
parts, at = [], 0
for k in sorted(edits):
    old_end = data.index(b'\n', starts[k])
    if edits[k].endswith(b'\r'):
        old_end += 1                # the record's LF becomes the CR
    parts += [data[at:starts[k]], edits[k]]
    at = old_end
parts.append(data[at:])
if variant == 'e':                  # CRLF from the middle record on
    mid = starts[nrec // 2]         # (e's edits are all after it)
    parts = [b''.join(parts)]
    parts = [parts[0][:mid], parts[0][mid:].replace(b'\n', b'\r\n')]
if variant == 'f':
    parts[-1] = parts[-1][:-1]
if variant == 'h':                  # BOM and sep= line: lines shift by one
    parts.insert(0, b'\xef\xbb\xbfsep=,\n')
with open(out, 'wb') as f:
    f.writelines(parts)
print(first)
PY

VAR=$TMP/variant.csv
# variant NAME: write it; $EXPECT holds its "LINE" or "LINE:COL"
variant() {
    EXPECT=$("$PY" "$TMP/inject.py" "$SRC" "$1" "$VAR") || {
        fail "inject.py $1 failed"
        return 1
    }
    size_ok "$VAR"
}
# runs WHAT ARGS...: same_output for nps --by segment F ARGS
runs() {
    local what=$1
    shift
    same_output "$what" "$VAR" nps --by segment F "$@"
}
# report_too WHAT ARGS...: the same for report (not when sanitized: slow)
report_too() {
    local what=$1
    shift
    [ "$SANITIZED" -eq 0 ] || return 0
    same_output "$what" "$VAR" report --surveys F --by segment \
        --period month "$@"
}
NOT_SHOWN='^cxcalc: 20 more warnings not shown$'

variant a && {
    report_too "a: 30 x nps 11"
    runs "a: 30 x nps 11"
    expect_status "a: exit" "$(cat "$TMP/rc.1")" 0
    expect_match "a: first warning" "$TMP/err.1" ":$EXPECT: column 'nps'"
    expect_match "a: summary" "$TMP/err.1" "$NOT_SHOWN"
    [ "$(grep -c "is not a score" "$TMP/err.1")" -eq 10 ] ||
        fail "a: not 10 warnings shown"
    runs "b: 30 x nps 11, --strict" --strict
    expect_status "b: exit" "$(cat "$TMP/rc.1")" 1
    expect_match "b: the first bad row" "$TMP/err.1" \
        "^cxcalc: [^:]*:$EXPECT: column 'nps': '11'"
}
variant a2 && {
    expect_threads "a2: nps --threads 3" 2 nps --threads 3 "$VAR"
    runs "a2: 30 x nps 11 late"
    expect_match "a2: first warning" "$TMP/err.1" ":$EXPECT: column 'nps'"
    expect_match "a2: summary" "$TMP/err.1" "$NOT_SHOWN"
    runs "b2: 30 x nps 11 late, --strict" --strict
    expect_status "b2: exit" "$(cat "$TMP/rc.1")" 1
    expect_match "b2: the first bad row" "$TMP/err.1" \
        "^cxcalc: [^:]*:$EXPECT: column 'nps': '11'"
}
variant c && {
    runs "c: stray quote"
    expect_status "c: exit" "$(cat "$TMP/rc.1")" 1
    expect_match "c: line and column" "$TMP/err.1" \
        ":$EXPECT: quote inside an unquoted field"
}
variant d && {
    runs "d: missing field"
    expect_status "d: exit" "$(cat "$TMP/rc.1")" 1
    expect_match "d: its line" "$TMP/err.1" ":$EXPECT: expected 9 fields"
    runs "d: missing field, --skip-bad-rows" --skip-bad-rows
    expect_status "d --skip-bad-rows: exit" "$(cat "$TMP/rc.1")" 0
    expect_match "d --skip-bad-rows: warning" "$TMP/err.1" ":$EXPECT:"
}
variant e && {
    expect_threads "e: nps --threads 3" 2 nps --threads 3 "$VAR"
    report_too "e: CRLF second half"
    runs "e: CRLF second half"
    expect_status "e: exit" "$(cat "$TMP/rc.1")" 0
    expect_match "e: first warning" "$TMP/err.1" ":$EXPECT: column 'nps'"
    runs "e: CRLF second half, --strict" --strict
    expect_match "e --strict: the first bad row" "$TMP/err.1" \
        ":$EXPECT: column 'nps'"
}
variant f && {
    expect_threads "f: nps --threads 3" 2 nps --threads 3 "$VAR"
    runs "f: no final newline"
    expect_status "f: exit" "$(cat "$TMP/rc.1")" 0
    expect_match "f: the last row's warning" "$TMP/err.1" \
        ":$EXPECT: column 'nps'"
    [ "$(tail -c 1 "$VAR" | od -An -c | tr -d ' ')" != '\n' ] ||
        fail "f: the variant ends with a newline"
}
variant g && {
    runs "g: lone CR in the first part"
    expect_status "g: exit" "$(cat "$TMP/rc.1")" 0
    expect_match "g: first warning" "$TMP/err.1" ":$EXPECT: column 'nps'"
}
variant k && {
    runs "k: Windows-1252 segments past the first part"
    expect_status "k: exit" "$(cat "$TMP/rc.1")" 0
    expect_match "k: the first one" "$TMP/err.1" \
        ":$EXPECT: column 'segment': '.* caf\\\\xe9' is not UTF-8"
    [ "$(grep -c "is not UTF-8" "$TMP/err.1")" -eq 1 ] ||
        fail "k: not one warning about UTF-8"
}
# i and j: read whole, the file's 1 MiB blocks end inside the field; read
# in parts, they do not (tests/unit/test_reader_blocks.c, cases A and B).
if [ "$SANITIZED" -eq 0 ] && variant i; then
    runs "i: trailing blanks past the cap across a 1 MiB block" \
        --max-field-bytes 200
fi
if [ "$SANITIZED" -eq 0 ] && variant j; then
    runs "j: quoted field past the cap across a 1 MiB block" \
        --max-field-bytes 200
    expect_match "j: its line" "$TMP/err.1" ":$EXPECT: "
fi
if [ "$SANITIZED" -eq 0 ] && variant h; then
    expect_threads "h: nps --threads 3" 2 nps --threads 3 "$VAR"
    runs "h: UTF-8 BOM and a sep= line"
    expect_status "h: exit" "$(cat "$TMP/rc.1")" 0
    expect_match "h: first warning" "$TMP/err.1" ":$EXPECT: column 'nps'"
fi

# ---- interactions: AHT streams in parts too ----------------------------------
# A ~28 MB interactions export (300,000 rows, seed 7), with handle times
# that are not durations in 20 rows past the first part: the exact median
# and p90 (the parts' counted handle times added), the warnings and their
# lines are the same with 1, 2 and 3 threads, and so is a --partial state.
INTER=$TMP/interactions.csv
"$PY" "$gen" --kind interactions --rows 300000 --seed 7 |
    "$PY" -c '
import sys
lines = sys.stdin.read().split("\n")
head = lines[0].split(",")
h = head.index("handle_time_seconds")
for k in range(20):
    i = 180000 + k * 5000
    cells = lines[i].split(",")
    cells[h] = "abc"
    lines[i] = ",".join(cells)
sys.stdout.write("\n".join(lines))
' > "$INTER" || fail "the interactions export was not made"
if size_ok "$INTER"; then
    same_output "interactions" "$INTER" aht --by agent F
    expect_match "aht: a bad handle time warned about" "$TMP/err.1" \
        ":180001: column 'handle_time_seconds'"
    same_output "interactions" "$INTER" aht --by channel --period week \
        --partial F
    expect_threads "aht --threads 3" 2 aht --threads 3 "$INTER"
fi
finish
