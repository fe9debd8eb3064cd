/* columns.c - `cxcalc columns FILE`: the dialect and layout, and which
 * column takes each role in each kind of table (see app.h). */
#include <string.h>

#include "cxcalc/app.h"
#include "cxcalc/dates.h"
#include "cxcalc/reader.h"
#include "table/sniff.h"
#include "util/alloc.h"

/* The survey score columns' verdicts, as a run would give them on the
 * default scales (sniff.h). */
static void note_scores(struct cx_columns_info *info)
{
    struct cx_metric_opts m;
    cx_metric_opts_init(&m);
    const int lo[] = {0, m.csat.scale_lo, 1};
    const int hi[] = {10, m.csat.scale_hi, m.ces.scale_hi};
    for (int role = CX_ROLE_NPS; role <= CX_ROLE_CES; role++) {
        const struct cx_role_match *rm = &info->roles[CX_TABLE_SURVEY][role];
        char *note = info->score_note[role], why[300];
        note[0] = '\0';
        if (rm->column < 0)
            continue;
        struct cx_score_sniff s;
        cx_score_sniff((enum cx_role)role, lo[role], hi[role], NULL,
                       info->header.pending, info->header.npending,
                       (size_t)rm->column, &s);
        if (rm->source != CX_SRC_OPTION
            && cx_score_sniff_refusal(&s, lo[role], hi[role], why,
                                      sizeof why))
            snprintf(note, sizeof info->score_note[role], "not used: it %s",
                     why);
        else if (s.map)
            snprintf(note, sizeof info->score_note[role],
                     "answer labels %s%s", s.map->name,
                     s.scale_mismatch ? " (another number of points than "
                                        "the default scale)" : "");
    }
}

static bool date_role(int r)
{
    return r == CX_ROLE_DATE || r == CX_ROLE_START || r == CX_ROLE_END
           || r == CX_ROLE_SIGNUP || r == CX_ROLE_CANCEL;
}

/* The date role columns' layouts, as a run would decide them (dates.h). */
static enum cx_status note_dates(struct cx_columns_info *info,
                                 struct cx_error *err)
{
    struct cx_header *h = &info->header;
    info->date_note = cx_arena_alloc(&h->arena,
                                     (info->ncols + 1) * sizeof(char *));
    if (!info->date_note)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    memset(info->date_note, 0, (info->ncols + 1) * sizeof(char *));
    for (int k = 0; k < CX_TABLE_KIND_COUNT; k++)
        for (int r = 0; r < CX_ROLE_COUNT; r++) {
            long c = info->roles[k][r].column;
            if (!date_role(r) || c < 0 || info->date_note[c])
                continue;
            struct cx_date_sniff s;
            cx_date_sniff(h->pending, h->npending, (size_t)c,
                          info->layout == CX_LAYOUT_SURVEYMONKEY, &s);
            char note[200];
            if (s.undecided)
                snprintf(note, sizeof note, "dates such as '%s' read both "
                         "as month/day and day/month: give --date-format",
                         s.sample);
            else if (s.tentative)
                snprintf(note, sizeof note, "dates read as M/D/YYYY until "
                         "one tells month/day from day/month (none of the "
                         "first %llu does)", (unsigned long long)s.values);
            else
                snprintf(note, sizeof note, "dates read as %s (%llu of "
                         "%llu first values)", cx_date_layout_name(&s.layout),
                         (unsigned long long)s.fit,
                         (unsigned long long)s.values);
            info->date_note[c] = cx_arena_strndup(&h->arena, note,
                                                  strlen(note));
            if (!info->date_note[c])
                return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        }
    return CX_OK;
}

enum cx_status cx_app_columns(const char *path,
                              const struct cx_reader_config *cfg,
                              size_t header_rows, const char *const *names,
                              size_t nnames,
                              const struct cx_col_override *ov, size_t nov,
                              struct cx_columns_info *info,
                              struct cx_error *err)
{
    memset(info, 0, sizeof *info);
    const char *display = strcmp(path, "-") == 0 ? "<stdin>" : path;
    struct cx_reader *r = cx_reader_open(path, display, cfg, err);
    if (!r)
        return err->status;
    enum cx_status st =
        names ? cx_header_names(&info->header, names, nnames, err)
              : cx_header_read(r, display, header_rows, NULL, &info->header,
                               err);
    if (st != CX_OK)
        goto done;
    info->delim = cx_reader_delim(r);
    info->bom = cx_reader_had_bom(r);
    info->sep_line = cx_reader_had_sep_line(r);
    info->utf16 = cx_reader_was_utf16(r);
    info->container = cx_reader_container(r);
    info->encoding = cfg ? cfg->encoding : NULL;
    info->layout = info->header.layout;
    info->header_rows = info->header.header_rows;
    info->ncols = info->header.n;
    info->names = info->header.names;
    info->questions = info->header.questions;
    info->is_role = cx_arena_alloc(&info->header.arena,
                                   (info->ncols + 1) * sizeof *info->is_role);
    if (!info->is_role) {
        st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        goto done;
    }
    memset(info->is_role, 0, (info->ncols + 1) * sizeof *info->is_role);
    for (int k = 0; k < CX_TABLE_KIND_COUNT; k++) {
        enum cx_table_kind kind = (enum cx_table_kind)k;
        uint32_t wanted = cx_table_roles(kind) & ~CX_ROLE_BIT(CX_ROLE_WEIGHT);
        cx_error_clear(&info->ambiguity[k]);
        /* Resolve role by role so one ambiguity does not hide the rest. */
        for (int role = 0; role < CX_ROLE_COUNT; role++) {
            struct cx_role_match m[CX_ROLE_COUNT];
            info->roles[k][role] = (struct cx_role_match){-1, CX_SRC_NONE, -1};
            if (!(wanted & CX_ROLE_BIT(role)))
                continue;
            struct cx_error e;
            if (cx_roles_resolve(kind, info->names, info->questions,
                                 info->ncols, CX_ROLE_BIT(role), 0, ov, nov,
                                 display, m, &e) != CX_OK) {
                if (info->ambiguity[k].status == CX_OK)
                    info->ambiguity[k] = e;
                continue;
            }
            info->roles[k][role] = m[role];
            if (m[role].column >= 0)
                info->is_role[m[role].column] = true;
        }
    }
    if (st == CX_OK)
        st = cx_header_read_ahead(r, &info->header,
                                  CX_SNIFF_ROWS - info->header.npending,
                                  err);
    if (st == CX_OK) {
        note_scores(info);
        st = note_dates(info, err);
    }
done:
    cx_reader_free(r);
    return st;
}

void cx_columns_release(struct cx_columns_info *info)
{
    cx_header_release(&info->header);
}
