#!/usr/bin/env bash
# run_layouts.sh CXCALC - survey-tool header layouts (docs/input-formats.md).
#
# 1. gen_layouts.py writes the same responses as a plain CSV and as
#    Qualtrics, legacy Qualtrics, SurveyMonkey, Excel UTF-16, ';' and
#    'sep=;' exports; every `cxcalc nps|csat|ces` run on a layout (never
#    with --col; --decimal-comma for the ';' files only) must give exactly
#    the 'overall' and 'groups' of the same run on plain.csv.
# 2. `cxcalc columns` names each layout; the Zendesk two-box CSAT is
#    good / (good + bad); a Qualtrics NPS group column that disagrees with
#    the score is warned about.
# 3. The real exports in tests/data/exports: layout names, header rows
#    skipped, NPS computed here from the Preppin' Data files, the
#    SurveyMonkey imitation.
#
# One line per check ("ok ..." or "FAIL ...: why"); exit 1 when any fails.
# The cxcalc runs and layout names are reported as they go; the JSON
# comparisons are queued and reported together at the end (one Python
# process).
# LAYOUT_ROWS and LAYOUT_SEED change the generated data (default 400, 1);
# PYTHON names the interpreter (default python3).
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 CXCALC" >&2
    exit 2
fi
case $1 in
/*) CX=$1 ;;
*) CX=$PWD/$1 ;;
esac
HERE=$(cd "$(dirname "$0")" && pwd)
EXPORTS=$(cd "$HERE/../data/exports" && pwd)
PY=${PYTHON:-python3}
CHECK="$PY $HERE/check_layouts.py"
ROWS=${LAYOUT_ROWS:-400}
SEED=${LAYOUT_SEED:-1}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cxcalc-layouts.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
GEN=$WORK/gen
OUT=$WORK/out
mkdir -p "$OUT"

npass=0
nfail=0
ok() {
    echo "ok   $1"
    npass=$((npass + 1))
}
bad() {
    echo "FAIL $1: $2"
    nfail=$((nfail + 1))
}

# cx TAG ARGS...: run cxcalc, stdout to $OUT/TAG.json, stderr to
# $OUT/TAG.err; the exit status is cxcalc's.
cx() {
    local tag=$1
    shift
    "$CX" "$@" >"$OUT/$tag.json" 2>"$OUT/$tag.err"
}

# first line of a file, for messages
first() {
    head -n 1 "$1" | cut -c1-200
}

# expect_ok NAME TAG ARGS...: cxcalc exits 0.
expect_ok() {
    local name=$1 tag=$2 rc
    shift 2
    cx "$tag" "$@"
    rc=$?
    if [ $rc -ne 0 ]; then
        bad "$name" "exit $rc: $(first "$OUT/$tag.err")"
        return 1
    fi
    return 0
}

# check NAME CHECK-ARGS...: a check_layouts.py comparison, queued with
# the current folder (the whole queue runs in one Python process at the
# end).
CHECKS=$WORK/checks.tsv
: >"$CHECKS"
check() {
    local line="$1"$'\t'"$PWD" a
    shift
    for a in "$@"; do
        line+=$'\t'$a
    done
    printf '%s\n' "$line" >>"$CHECKS"
}

# layout_is NAME FILE LAYOUT [OPTIONS...]: `cxcalc columns` names it.
layout_is() {
    local name=$1 file=$2 want=$3 got
    shift 3
    got=$("$CX" columns "$@" "$file" 2>"$OUT/columns.err" | head -n 1)
    case $got in
    "layout: $want,"*) ok "$name" ;;
    *) bad "$name" "got '${got:-$(first "$OUT/columns.err")}', expected '$want'" ;;
    esac
}

# ---------------------------------------------------------------------------
# 1. Generated layouts against plain.csv
# ---------------------------------------------------------------------------
if ! $PY "$HERE/gen_layouts.py" --rows "$ROWS" --seed "$SEED" --out "$GEN"; then
    echo "FAIL gen_layouts.py"
    exit 1
fi
cd "$GEN" || exit 1

# Option sets: tag|options (the period range is inside the data).
VARIANTS=(
    "overall|"
    "by-segment|--by segment"
    "period-month|--period month"
    "segment-month|--by segment --period month"
    "since-until|--since 2025-12-01 --until 2026-02-01"
)
NPS_VARIANTS=(
    "weight|--weight weight"
    "weight-segment-month|--weight weight --by segment --period month"
)

LAYOUTS="qualtrics.csv qualtrics_legacy.csv surveymonkey.csv excel_utf16.txt
semicolon.csv sep_line.csv"

for metric in nps csat ces; do
    variants=("${VARIANTS[@]}")
    [ $metric = nps ] && variants+=("${NPS_VARIANTS[@]}")
    for v in "${variants[@]}"; do
        tag=${v%%|*}
        read -r -a opts <<<"${v#*|}"
        ref="plain-$metric-$tag"
        name="plain.csv $metric${opts[*]:+ ${opts[*]}}"
        expect_ok "$name" "$ref" $metric -q -f json ${opts[@]+"${opts[@]}"} \
            plain.csv || continue
        if [ "$tag" = overall ]; then
            check "plain.csv $metric counts as generated" \
                counts "$OUT/$ref.json" $metric truth.json
        fi
        for f in $LAYOUTS; do
            dc=()
            case $f in semicolon.csv | sep_line.csv) dc=(--decimal-comma) ;; esac
            run="$f-$metric-$tag"
            name="$f $metric${dc[*]:+ ${dc[*]}}${opts[*]:+ ${opts[*]}}"
            expect_ok "$name" "$run" $metric -q -f json ${dc[@]+"${dc[@]}"} \
                ${opts[@]+"${opts[@]}"} "$f" &&
                check "$name = plain.csv" same "$OUT/$ref.json" "$OUT/$run.json"
        done
    done
done

# The same through stdin, and with the header rows given.
for metric in nps csat ces; do
    for f in qualtrics.csv surveymonkey.csv excel_utf16.txt; do
        run="stdin-$f-$metric"
        if "$CX" $metric -q -f json - <"$f" >"$OUT/$run.json" 2>"$OUT/$run.err"; then
            check "$f on stdin $metric = plain.csv" same \
                "$OUT/plain-$metric-overall.json" "$OUT/$run.json"
        else
            bad "$f on stdin $metric" "exit $?: $(first "$OUT/$run.err")"
        fi
    done
done
for spec in "qualtrics.csv 3" "qualtrics_legacy.csv 2" "surveymonkey.csv 2"; do
    read -r f n <<<"$spec"
    expect_ok "$f nps --header-rows $n" "hr-$f" nps -q -f json \
        --header-rows "$n" "$f" &&
        check "$f nps --header-rows $n = plain.csv" same \
            "$OUT/plain-nps-overall.json" "$OUT/hr-$f.json"
done

# Layout names.
layout_is "columns plain.csv: plain" plain.csv plain
layout_is "columns qualtrics.csv: qualtrics" qualtrics.csv qualtrics
layout_is "columns qualtrics_legacy.csv: qualtrics-legacy" \
    qualtrics_legacy.csv qualtrics-legacy
layout_is "columns surveymonkey.csv: surveymonkey" surveymonkey.csv surveymonkey
layout_is "columns excel_utf16.txt: excel-utf16" excel_utf16.txt excel-utf16
layout_is "columns semicolon.csv: plain" semicolon.csv plain
layout_is "columns sep_line.csv: plain" sep_line.csv plain
layout_is "columns zendesk.csv: plain" zendesk.csv plain
layout_is "columns --header-rows 1 qualtrics.csv: plain" qualtrics.csv plain \
    --header-rows 1

# Roles found from the question text (Qualtrics ids say nothing).
got=$("$CX" columns qualtrics.csv 2>&1)
for want in "nps        column 18 'Q1' (question text)" \
    "csat       column 20 'Q2' (question text)" \
    "ces        column 21 'Q3' (question text)" \
    "date       column 8 'RecordedDate' (header name)"; do
    if grep -qF "  $want" <<<"$got"; then
        ok "columns qualtrics.csv: $want"
    else
        bad "columns qualtrics.csv" "no line '$want'"
    fi
done

# Zendesk: good = satisfied, bad = not, offered/unoffered missing.
expect_ok "zendesk.csv csat" zd csat -q -f json zendesk.csv &&
    check "zendesk.csv csat = good / (good + bad)" zendesk "$OUT/zd.json" zendesk.csv
expect_ok "zendesk.csv csat --by Group" zdg csat -q -f json --by Group zendesk.csv &&
    check "zendesk.csv csat --by Group = good / (good + bad) per group" \
        zendesk "$OUT/zdg.json" zendesk.csv Group

# Qualtrics's Q1_NPS_GROUP checked against the score.
if cx grp nps -f json qualtrics_bad_group.csv; then
    check "qualtrics_bad_group.csv: the disagreeing NPS groups are warned about" \
        warnings "$OUT/grp.err" qualtrics_bad_group.csv truth.json
    check "qualtrics_bad_group.csv nps = plain.csv" same \
        "$OUT/plain-nps-overall.json" "$OUT/grp.json"
else
    bad "qualtrics_bad_group.csv nps" "exit $?: $(first "$OUT/grp.err")"
fi
if cx grp-ok nps -f json qualtrics.csv; then
    check "qualtrics.csv: no NPS group warning when the groups agree" \
        no-group-warning "$OUT/grp-ok.err"
else
    bad "qualtrics.csv nps" "exit $?: $(first "$OUT/grp-ok.err")"
fi

# ---------------------------------------------------------------------------
# 2. Real exports
# ---------------------------------------------------------------------------
cd "$EXPORTS" || exit 1
Q=qualtrics-qualtRics
T=qualtrics-qualtricstools
P=nps-preppin-data
SM=surveymonkey/synthetic.csv

layout_is "columns $Q/sample.csv: qualtrics" $Q/sample.csv qualtrics
layout_is "columns $Q/sample_legacy.csv: qualtrics-legacy" \
    $Q/sample_legacy.csv qualtrics-legacy
layout_is "columns $T/single_answer_mc_legacy.csv: qualtrics-legacy" \
    $T/single_answer_mc_legacy.csv qualtrics-legacy
layout_is "columns $T/no_basis_for_evaluation_legacy.csv: qualtrics-legacy" \
    $T/no_basis_for_evaluation_legacy.csv qualtrics-legacy
# The 2017 "Insights" export: three header rows, the third with
# {'ImportId': 'QID2'} (Python dicts rather than JSON).
layout_is "columns $T/single_answer_mc_insights.csv: qualtrics" \
    $T/single_answer_mc_insights.csv qualtrics
layout_is "columns $T/no_basis_for_evaluation_insights.csv: qualtrics" \
    $T/no_basis_for_evaluation_insights.csv qualtrics
for f in $P/case_040/inputs/input_01.csv $P/case_040/inputs/input_02.csv \
    $P/case_122/inputs/input_01.csv $P/case_122/inputs/input_02.csv; do
    layout_is "columns $f: plain" "$f" plain
done
layout_is "columns $SM: surveymonkey" $SM surveymonkey

# Header rows left out of the data: the number of responses read.
for spec in "$Q/sample.csv Q1 1" "$Q/sample_legacy.csv Q1 1" \
    "$T/single_answer_mc_legacy.csv Q2 5" \
    "$T/single_answer_mc_insights.csv Q2 5" \
    "$T/no_basis_for_evaluation_legacy.csv Q1 15" \
    "$T/no_basis_for_evaluation_insights.csv Q1 15"; do
    read -r f col n <<<"$spec"
    tag=rows-${f//\//-}
    expect_ok "$f rows" "$tag" csat -q -f json --col "csat=$col" "$f" &&
        check "$f: $n responses after the header rows" rows "$OUT/$tag.json" "$n"
done

# Preppin' Data airlines: NPS computed here.
A="How likely are you to recommend this airline?"
got=$("$CX" columns $P/case_122/inputs/input_02.csv 2>&1)
if grep -qF "nps        column 3 '$A' (question text)" <<<"$got"; then
    ok "columns $P/case_122: nps found by its question text"
else
    bad "columns $P/case_122" "nps not found by question text"
fi
for f in input_02 input_01; do
    expect_ok "$P/case_122/$f nps" "air-$f" nps -q -f json \
        $P/case_122/inputs/$f.csv &&
        check "$P/case_122/$f nps = computed" nps "$OUT/air-$f.json" "$A" \
            $P/case_122/inputs/$f.csv
done
expect_ok "$P/case_122 both files nps --by Airline" air-by nps -q -f json \
    --by Airline $P/case_122/inputs/input_01.csv $P/case_122/inputs/input_02.csv &&
    check "$P/case_122 both files nps --by Airline = computed" nps \
        "$OUT/air-by.json" "$A" --by Airline $P/case_122/inputs/input_01.csv \
        $P/case_122/inputs/input_02.csv

# Sudzilla: "On a scale of 0-10, how would you rate Sudzilla?" names no
# role word (recommend, satisf, easy, effort), so SPEC §1 finds no NPS
# column; the question text, given whole with --col, finds it.
S="On a scale of 0-10, how would you rate Sudzilla?"
for f in input_01 input_02; do
    cx "sud-none-$f" nps -q -f json $P/case_040/inputs/$f.csv
    rc=$?
    if [ $rc -eq 1 ] && grep -q "role 'nps'" "$OUT/sud-none-$f.err"; then
        ok "$P/case_040/$f nps without --col: no NPS column (exit 1)"
    else
        bad "$P/case_040/$f nps without --col" \
            "exit $rc: $(first "$OUT/sud-none-$f.err")"
    fi
    expect_ok "$P/case_040/$f nps --col nps='$S'" "sud-$f" nps -q -f json \
        --col "nps=$S" $P/case_040/inputs/$f.csv &&
        check "$P/case_040/$f nps (by its question text) = computed" nps \
            "$OUT/sud-$f.json" "$S" $P/case_040/inputs/$f.csv
done

# The SurveyMonkey imitation: scores found by their question text, US
# dates read for --period.
got=$("$CX" columns $SM 2>&1)
for want in "nps        column 11 " "csat       column 12 " "ces        column 17 " \
    "date       column 4 'End Date' (header name)"; do
    if grep -qF "  $want" <<<"$got"; then
        ok "columns $SM: $want"
    else
        bad "columns $SM" "no line '$want...'"
    fi
done
declare -A SMCOL=(
    [nps]="How likely is it that you would recommend our branch to a friend or colleague?"
    [csat]="Overall, how satisfied or dissatisfied are you with your visit?"
    [ces]='To what extent do you agree with this statement? "The branch made it easy for me to get what I needed."'
)
for metric in nps csat ces; do
    expect_ok "$SM $metric --period month" "sm-$metric" $metric -q -f json \
        --period month $SM &&
        check "$SM $metric --period month = computed" score \
            "$OUT/sm-$metric.json" $metric "${SMCOL[$metric]}" 2 \
            --period-us "End Date" $SM
done

# The queued comparisons.
results=$($CHECK batch "$CHECKS")
echo "$results"
npass=$((npass + $(grep -c '^ok ' <<<"$results")))
nfail=$((nfail + $(grep -c '^FAIL ' <<<"$results")))

echo "# $npass passed, $nfail failed"
[ $nfail -eq 0 ]
