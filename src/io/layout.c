/* layout.c - detecting survey-tool header layouts (see layout.h). */
#include "cxcalc/layout.h"

#include <stdbool.h>
#include <string.h>

#include "util/text.h"

static bool field_is(const struct cx_field_view *f, const char *word)
{
    size_t len = f->len;
    const char *s = cx_trim(f->p, &len);
    return cx_ieq(s, len, word);
}

static bool has_field(const struct cx_record *r, const char *word)
{
    for (size_t i = 0; i < r->nfields; i++)
        if (field_is(&r->fields[i], word))
            return true;
    return false;
}

/* Qualtrics's third row: {"ImportId":"QID1"} in most non-empty cells. */
static bool import_ids(const struct cx_record *r)
{
    size_t nonempty = 0, ids = 0;
    for (size_t i = 0; i < r->nfields; i++) {
        if (r->fields[i].len == 0)
            continue;
        nonempty++;
        /* newer exports write JSON, older "Insights" ones a Python dict */
        if (r->fields[i].len >= 12
            && (memcmp(r->fields[i].p, "{\"ImportId\"", 11) == 0
                || memcmp(r->fields[i].p, "{'ImportId'", 11) == 0))
            ids++;
    }
    return ids > 0 && ids * 2 >= nonempty;
}

const char *cx_layout_name(enum cx_layout layout)
{
    switch (layout) {
    case CX_LAYOUT_QUALTRICS: return "qualtrics";
    case CX_LAYOUT_QUALTRICS_LEGACY: return "qualtrics-legacy";
    case CX_LAYOUT_SURVEYMONKEY: return "surveymonkey";
    case CX_LAYOUT_GIVEN: return "given";
    case CX_LAYOUT_NAMES: return "names";
    case CX_LAYOUT_PLAIN: break;
    }
    return "plain";
}

enum cx_layout cx_layout_detect(const struct cx_record *rows, size_t nrows,
                                size_t *header_rows)
{
    *header_rows = 1;
    if (nrows >= 3 && import_ids(&rows[2])) {
        *header_rows = 3;
        return CX_LAYOUT_QUALTRICS;
    }
    if (nrows >= 2 && rows[0].nfields > 0 && field_is(&rows[0].fields[0], "V1")
        && (has_field(&rows[1], "ResponseID")
            || has_field(&rows[1], "ResponseId"))) {
        *header_rows = 2;
        return CX_LAYOUT_QUALTRICS_LEGACY;
    }
    /* SurveyMonkey: the second row labels each answer column ("Response",
     * "Open-Ended Response", option names) and is empty under the
     * respondent columns. */
    if (nrows >= 2 && rows[1].nfields > 0 && rows[1].fields[0].len == 0
        && (has_field(&rows[1], "Response")
            || has_field(&rows[1], "Open-Ended Response"))) {
        *header_rows = 2;
        return CX_LAYOUT_SURVEYMONKEY;
    }
    return CX_LAYOUT_PLAIN;
}
