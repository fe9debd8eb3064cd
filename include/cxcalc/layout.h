/*
 * layout.h - the header layouts of survey-tool exports (SPEC §7): a
 * Qualtrics CSV (ids, question text, ImportId JSON), the legacy Qualtrics
 * export (V1… ids, then names and question text), SurveyMonkey (question
 * text, then answer labels), or a plain one-row header.  Pure functions.
 */
#ifndef CXCALC_LAYOUT_H
#define CXCALC_LAYOUT_H

#include <stddef.h>

#include "cxcalc/reader.h"

enum cx_layout {
    CX_LAYOUT_PLAIN,
    CX_LAYOUT_QUALTRICS,        /* 3 header rows */
    CX_LAYOUT_QUALTRICS_LEGACY, /* 2 header rows, V1… ids first */
    CX_LAYOUT_SURVEYMONKEY,     /* 2 header rows, answer labels second */
    CX_LAYOUT_GIVEN,            /* --header-rows N */
    CX_LAYOUT_NAMES             /* no header row: --names gives them */
};

/* "plain", "qualtrics", "qualtrics-legacy", "surveymonkey", "given",
 * "names". */
const char *cx_layout_name(enum cx_layout layout);

/*
 * The layout shown by the first rows of a file (rows[0] is the first
 * record; up to three are looked at) and its number of header rows.
 */
enum cx_layout cx_layout_detect(const struct cx_record *rows, size_t nrows,
                                size_t *header_rows);

#endif
