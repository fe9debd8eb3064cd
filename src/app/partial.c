/* partial.c - `--partial`: a run's metric states as a file (see app.h). */
#include <string.h>

#include "common.h"

#include "io/outfile.h"
#include "report/state.h"
#include "util/alloc.h"

enum cx_status cx_app_write_state(const struct cx_report *rep,
                                  const struct cx_run_options *o,
                                  const char *path, struct cx_error *err)
{
    const struct cx_load_options *lo = &o->load;
    char **where = cx_calloc(lo->nwhere + 1, sizeof *where);
    enum cx_status st = CX_OK;
    for (size_t i = 0; where && i < lo->nwhere; i++) {
        const struct cx_where *w = &lo->where[i];
        size_t n = strlen(w->column) + strlen(w->value) + 3;
        if (!(where[i] = cx_malloc(n)))
            break;
        snprintf(where[i], n, "%s%s%s", w->column, w->negate ? "!=" : "=",
                 w->value);
    }
    for (size_t i = 0; where && i < lo->nwhere; i++)
        if (!where[i])
            st = CX_ERR_NOMEM;
    if (!where || st != CX_OK) {
        st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        goto done;
    }
    struct cx_state_opts so = {
        .command = o->command ? o->command : "report",
        .by = o->by, .nby = o->nby, .m = o->m,
        .has_since = lo->has_since, .since_ms = lo->since_ms,
        .has_until = lo->has_until, .until_ms = lo->until_ms,
        .zone_name = o->zone_name, .since = rep->since, .until = rep->until,
        .where = (const char *const *)where, .nwhere = lo->nwhere};
    st = cx_app_write_state_as(rep, &so, path, err);
done:
    for (size_t i = 0; where && i < lo->nwhere; i++)
        cx_free(where[i]);
    cx_free(where);
    return st;
}

enum cx_status cx_app_write_state_as(const struct cx_report *rep,
                                     const struct cx_state_opts *so,
                                     const char *path, struct cx_error *err)
{
    struct cx_outfile out;
    enum cx_status st = cx_outfile_open(&out, path, err);
    if (st != CX_OK)
        return st;
    st = cx_write_state(rep, so, out.f, err);
    if (st != CX_OK) {
        cx_outfile_abort(&out);
        return st;
    }
    return cx_outfile_commit(&out, err);
}
