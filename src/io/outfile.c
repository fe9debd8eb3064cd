/* outfile.c - atomic report files (see outfile.h). */
#include "io/outfile.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"

static enum cx_status io_error(struct cx_error *err, const char *path,
                               const char *what, int e)
{
    cx_error_set(err, CX_ERR_IO, &(struct cx_loc){path, 0, 0}, "%s: %s",
                 what, strerror(e));
    err->sys_errno = e;
    return CX_ERR_IO;
}

enum cx_status cx_outfile_open(struct cx_outfile *o, const char *path,
                               struct cx_error *err)
{
    o->tmp = NULL;
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        o->path = NULL;
        return CX_OK;
    }
    o->path = path;
    /* "dir/name" -> "dir/.name.XXXXXX": same folder, so rename is atomic. */
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    size_t len = strlen(path);
    o->tmp = cx_malloc(len + 16);
    if (!o->tmp)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    memcpy(o->tmp, path, dir);
    snprintf(o->tmp + dir, len + 16 - dir, ".%s.XXXXXX", path + dir);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        cx_free(o->tmp);
        o->tmp = NULL;
        return io_error(err, path, "cannot create", e);
    }
    /* mkstemp makes the file 0600; a report is an ordinary file. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) == 0 && (o->f = fdopen(fd, "w")) != NULL)
        return CX_OK;
    int e = errno;
    close(fd);
    unlink(o->tmp);
    cx_free(o->tmp);
    o->tmp = NULL;
    return io_error(err, path, "cannot create", e);
}

enum cx_status cx_outfile_close(struct cx_outfile *o, struct cx_error *err)
{
    errno = 0;
    if (!o->tmp) {
        if (fflush(o->f) == EOF || ferror(o->f))
            return io_error(err, NULL, "write error", errno ? errno : EIO);
        return CX_OK;
    }
    bool ok = fflush(o->f) != EOF && !ferror(o->f)
              && fsync(fileno(o->f)) == 0;
    int e = errno ? errno : EIO;
    if (fclose(o->f) != 0 && ok) {
        ok = false;
        e = errno;
    }
    o->f = NULL;
    if (ok)
        return CX_OK;
    cx_outfile_abort(o);
    return io_error(err, o->path, "write error", e);
}

/* Rename the closed temporary file into place; `what` names a failure. */
static enum cx_status put_in_place(struct cx_outfile *o, const char *what,
                                   struct cx_error *err)
{
    if (!o->tmp)
        return CX_OK;           /* stdout, or already renamed */
    int e = rename(o->tmp, o->path) == 0 ? 0 : errno;
    if (e)
        unlink(o->tmp);
    cx_free(o->tmp);
    o->tmp = NULL;
    return e ? io_error(err, o->path, what, e) : CX_OK;
}

enum cx_status cx_outfile_rename(struct cx_outfile *o, struct cx_error *err)
{
    return put_in_place(o, "cannot rename into place", err);
}

enum cx_status cx_outfile_commit(struct cx_outfile *o, struct cx_error *err)
{
    enum cx_status st = cx_outfile_close(o, err);
    return st == CX_OK ? put_in_place(o, "write error", err) : st;
}

void cx_outfile_abort(struct cx_outfile *o)
{
    if (!o->tmp)
        return;
    if (o->f)
        fclose(o->f);
    o->f = NULL;
    unlink(o->tmp);
    cx_free(o->tmp);
    o->tmp = NULL;
}
