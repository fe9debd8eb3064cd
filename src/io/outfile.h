/*
 * outfile.h - where a report goes: stdout, or a file written atomically
 * (a temporary file in the same folder, renamed over the target only when
 * everything was written; removed on failure, so no half file is left).
 *
 * Files that must appear together (the parts of partition) are each
 * closed first (cx_outfile_close), and renamed only when all closed well
 * (cx_outfile_rename); cx_outfile_commit does both for one file.
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

/* The first half of a commit: flush, sync and close the temporary file,
 * which stays until cx_outfile_rename or cx_outfile_abort (or flush
 * stdout).  On failure it is removed ("write error"). */
enum cx_status cx_outfile_close(struct cx_outfile *o, struct cx_error *err);

/* The second half: rename the closed temporary file into place.  On
 * failure it is removed ("cannot rename into place"). */
enum cx_status cx_outfile_rename(struct cx_outfile *o, struct cx_error *err);

/* Close and remove the temporary file without touching the target (a
 * no-op once it was renamed or removed). */
void cx_outfile_abort(struct cx_outfile *o);

#endif
