/*
 * outfile.h - where a report goes: stdout, or a file written atomically
 * (a temporary file in the same folder, renamed over the target only when
 * everything was written; removed on failure, so no half file is left).
 */
#ifndef CXCALC_OUTFILE_H
#define CXCALC_OUTFILE_H

#include <stdio.h>

#include "cxcalc/error.h"

struct cx_outfile {
    FILE *f;                /* write here */
    const char *path;       /* target, NULL for stdout (borrowed) */
    char *tmp;              /* temporary path (owned) */
};

/* Open stdout (path NULL or "-") or a temporary file beside path. */
enum cx_status cx_outfile_open(struct cx_outfile *o, const char *path,
                               struct cx_error *err);

/* Flush, sync and rename into place (or flush stdout).  On failure the
 * temporary file is removed.  Either way o is closed afterwards. */
enum cx_status cx_outfile_commit(struct cx_outfile *o, struct cx_error *err);

/* Close and remove the temporary file without touching the target. */
void cx_outfile_abort(struct cx_outfile *o);

#endif
