/* columns.c - `cxcalc columns FILE`: the dialect, and which column takes
 * each role in each kind of table (see app.h). */
#include <string.h>

#include "cxcalc/alloc.h"
#include "cxcalc/app.h"
#include "cxcalc/reader.h"

enum cx_status cx_app_columns(const char *path,
                              const struct cx_reader_config *cfg,
                              const struct cx_col_override *ov, size_t nov,
                              struct cx_columns_info *info,
                              struct cx_error *err)
{
    memset(info, 0, sizeof *info);
    cx_arena_init(&info->arena, 16 * 1024);
    const char *display = strcmp(path, "-") == 0 ? "<stdin>" : path;
    struct cx_reader *r = cx_reader_open(path, display, cfg, err);
    if (!r)
        return err->status;
    struct cx_record rec;
    enum cx_status st = cx_reader_next(r, &rec, err);
    if (st == CX_DONE)
        st = cx_error_set(err, CX_ERR_EMPTY, &(struct cx_loc){display, 0, 0},
                          "empty input: no header row");
    if (st != CX_OK)
        goto done;
    info->delim = cx_reader_delim(r);
    info->bom = cx_reader_had_bom(r);
    info->sep_line = cx_reader_had_sep_line(r);
    info->ncols = rec.nfields;
    info->names = cx_arena_alloc(&info->arena,
                                 (rec.nfields + 1) * sizeof *info->names);
    info->is_role = cx_arena_alloc(&info->arena,
                                   (rec.nfields + 1) * sizeof *info->is_role);
    if (!info->names || !info->is_role) {
        st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < rec.nfields; i++) {
        info->names[i] = cx_arena_strndup(&info->arena, rec.fields[i].p,
                                          rec.fields[i].len);
        info->is_role[i] = false;
        if (!info->names[i]) {
            st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
            goto done;
        }
    }
    for (int k = 0; k < CX_TABLE_KIND_COUNT; k++) {
        enum cx_table_kind kind = (enum cx_table_kind)k;
        uint32_t wanted = cx_table_roles(kind) & ~CX_ROLE_BIT(CX_ROLE_WEIGHT);
        cx_error_clear(&info->ambiguity[k]);
        /* Resolve role by role so one ambiguity does not hide the rest. */
        for (int role = 0; role < CX_ROLE_COUNT; role++) {
            struct cx_role_match m[CX_ROLE_COUNT];
            info->roles[k][role] = (struct cx_role_match){-1, CX_SRC_NONE};
            if (!(wanted & CX_ROLE_BIT(role)))
                continue;
            struct cx_error e;
            if (cx_roles_resolve(kind, info->names, NULL, info->ncols,
                                 CX_ROLE_BIT(role), 0, ov, nov, display, m,
                                 &e) != CX_OK) {
                if (info->ambiguity[k].status == CX_OK)
                    info->ambiguity[k] = e;
                continue;
            }
            info->roles[k][role] = m[role];
            if (m[role].column >= 0)
                info->is_role[m[role].column] = true;
        }
    }
done:
    cx_reader_free(r);
    return st;
}

void cx_columns_release(struct cx_columns_info *info)
{
    cx_arena_release(&info->arena);
}
