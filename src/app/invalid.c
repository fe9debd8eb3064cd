/* invalid.c - a column whose values are mostly invalid fails the run
 * (--max-invalid): a metric over the few values that happened to parse
 * would be a wrong number nobody asked for.  So does a score column with
 * answers of a wider scale. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

#include "table/cell.h"
#include "util/text.h"

/* "'Agree': 80, 'Strongly agree': 60, 'Disagree': 40": the three most
 * frequent of y's kept values; the most frequent one's text returned
 * ("" when none was kept). */
static const char *most_frequent(const struct cx_cell_tally *y, char *buf,
                                 size_t size)
{
    const char *first = "";
    bool used[CX_BAD_KEPT] = {false};
    size_t o = 0;
    buf[0] = '\0';
    for (int shown = 0; shown < 3; shown++) {
        long best = -1;
        for (size_t i = 0; i < y->nbad; i++)
            if (!used[i] && (best < 0 || y->bad[i].count
                                         > y->bad[best].count))
                best = (long)i;
        if (best < 0)
            break;
        used[best] = true;
        if (shown == 0)
            first = y->bad[best].text;
        int w = snprintf(buf + o, size - o, "%s'%s': %llu",
                         shown ? ", " : "", y->bad[best].text,
                         (unsigned long long)y->bad[best].count);
        if (w < 0 || (size_t)w >= size - o)
            break;
        o += (size_t)w;
    }
    return first;
}

/* The likely fix for a column of this kind whose values look like
 * `sample` (its most frequent invalid value). */
static void likely_fix(const struct cx_column *col, const char *sample,
                       char *buf, size_t size)
{
    const char *role = col->spec.role != CX_ROLE_COUNT
                           ? cx_role_name(col->spec.role) : NULL;
    double num;
    bool number = cx_parse_number(sample, strlen(sample), false, &num)
                  == CX_CELL_OK;
    char what[160] = "";
    switch (col->spec.kind) {
    case CX_KIND_SCORE:         /* always a role's column */
        if (!number)
            snprintf(what, sizeof what, "answer labels? map them with "
                     "--labels %s=LABEL:VALUE,...; ", role);
        else
            snprintf(what, sizeof what, "%s; ",
                     col->spec.role == CX_ROLE_NPS ? "NPS answers run 0-10"
                     : col->spec.role == CX_ROLE_CSAT
                         ? "another scale? see --csat-scale"
                         : "another scale? see --ces-scale");
        break;
    case CX_KIND_NUMBER:
    case CX_KIND_NONNEG:
    case CX_KIND_DURATION:
        if (strchr(sample, ','))
            snprintf(what, sizeof what, "numbers written 1.234,56? add "
                     "--decimal-comma; ");
        break;
    case CX_KIND_TIME:
        snprintf(what, sizeof what, "each date column is read in the "
                 "layout of its first values; name another with "
                 "--date-format (M/D/YYYY, epoch, excel, '%%d %%b %%Y'...); ");
        break;
    default:
        break;
    }
    if (role)
        snprintf(buf, size, "%sif it is not the %s column, name the right "
                 "one with --col %s=NAME", what, role, role);
    else
        snprintf(buf, size, "%.*s", (int)strcspn(what, ";"), what);
}

/* Customer ids of zeros were read as no customer: say how many. */
static void tell_zero_ids(const struct cx_column *col,
                          const struct cx_cell_tally *y,
                          struct cx_warner *warn)
{
    if (!warn)
        return;
    char name[128];
    cx_escape(col->label, strlen(col->label), name, sizeof name, 60);
    cx_warn(warn, &(struct cx_loc){y->zero_file, y->zero_line, 0},
            "column '%s': %" PRIu64 " customer id%s of only zeros ('0'), "
            "the first here, read as no customer (an unknown caller), not "
            "as one customer with all of them", name, y->zero_ids,
            y->zero_ids == 1 ? "" : "s");
}

static enum cx_status too_invalid(const struct cx_column *col,
                                  const struct cx_cell_tally *y,
                                  double max, struct cx_error *err)
{
    char name[128], top[400], fix[300];
    cx_escape(col->label, strlen(col->label), name, sizeof name, 60);
    likely_fix(col, most_frequent(y, top, sizeof top), fix, sizeof fix);
    uint64_t all = y->ok + y->invalid;
    char role[40] = "";
    if (col->spec.role != CX_ROLE_COUNT
        && strcmp(col->label, cx_role_name(col->spec.role)) != 0)
        snprintf(role, sizeof role, " (role %s)",
                 cx_role_name(col->spec.role));
    return cx_error_set(err, CX_ERR_VALUE,
                        &(struct cx_loc){y->file, y->line, 0},
                        "column '%s'%s: %llu of %llu values are invalid "
                        "(%.1f %%, more than --max-invalid %g %%); most "
                        "frequent: %s; %s", name, role,
                        (unsigned long long)y->invalid,
                        (unsigned long long)all,
                        100.0 * (double)y->invalid / (double)all, 100 * max,
                        top, fix);
}

/* A score column with more than 1 in 20 answers above its scale (6-10
 * on 1-5), and at least 5 of them (one typo in a small file is just
 * invalid), holds answers of another scale: its scores in range are misread
 * too (a 5 of 10 is not top box), so the run stops, whatever the share of
 * invalid values. */
static enum cx_status other_scale(const struct cx_column *col,
                                  const struct cx_cell_tally *y,
                                  struct cx_error *err)
{
    char name[128], fix[160];
    cx_escape(col->label, strlen(col->label), name, sizeof name, 60);
    const char *role = cx_role_name(col->spec.role);
    if (col->spec.role == CX_ROLE_CSAT)
        snprintf(fix, sizeof fix, "add --csat-scale %s",
                 y->above_max <= 7 ? "1-7" : "1-10 (or 0-10)");
    else if (col->spec.role == CX_ROLE_CES && y->above_max <= 7)
        snprintf(fix, sizeof fix, "add --ces-scale 1-7");
    else
        snprintf(fix, sizeof fix, "%s is read on %d-%d; convert the "
                 "answers", role, col->spec.lo, col->spec.hi);
    return cx_error_set(err, CX_ERR_VALUE,
                        &(struct cx_loc){y->file, y->line, 0},
                        "column '%s' (role %s): %llu of %llu answers are "
                        "above the %d-%d scale, up to %d: they are on "
                        "another scale; %s, or name the right column with "
                        "--col %s=NAME", name, role,
                        (unsigned long long)y->above,
                        (unsigned long long)(y->ok + y->invalid),
                        col->spec.lo, col->spec.hi, y->above_max, fix, role);
}

enum cx_status cx_app_check_invalid(const struct cx_load_part *parts,
                                    size_t nparts,
                                    const struct cx_run_options *o,
                                    struct cx_error *err)
{
    const struct cx_table *t = parts[0].t;
    for (size_t c = 0; c < t->ncols; c++) {
        const struct cx_column *col = &t->cols[c];
        struct cx_cell_tally y = col->tally;
        for (size_t k = 1; k < nparts; k++)
            cx_cell_tally_add(&y, &parts[k].t->cols[c].tally);
        if (y.zero_ids)
            tell_zero_ids(col, &y, o->load.warn);
        if (col->spec.kind == CX_KIND_DIM)
            continue;
        if (y.invalid > 0
            && (double)y.invalid > o->max_invalid * (double)(y.ok + y.invalid))
            return too_invalid(col, &y, o->max_invalid, err);
        if (o->max_invalid < 1 && y.above >= 5
            && 20 * y.above > y.ok + y.invalid)
            return other_scale(col, &y, err);
    }
    return CX_OK;
}
