/*
 * archive_dl.h - libarchive, loaded when first needed.
 *
 * Only bzip2 streams and .xlsx workbooks need libarchive, and loading it
 * brings libxml2, ICU and the C++ runtime with it: a few milliseconds and
 * megabytes at the start of every run.  So it is not linked: the first
 * bzip2 or .xlsx input loads it (dlopen, once per process, never
 * unloaded) and the functions below are called through the table.
 */
#ifndef CXCALC_IO_ARCHIVE_DL_H
#define CXCALC_IO_ARCHIVE_DL_H

#include <archive.h>
#include <archive_entry.h>
#include <stddef.h>

struct cx_archive_api {
    struct archive *(*read_new)(void);
    int (*read_support_filter_bzip2)(struct archive *);
    int (*read_support_format_raw)(struct archive *);
    int (*read_support_format_zip)(struct archive *);
    int (*read_open)(struct archive *, void *, archive_open_callback *,
                     archive_read_callback *, archive_close_callback *);
    int (*read_open_fd)(struct archive *, int, size_t);
    int (*read_open_memory)(struct archive *, const void *, size_t);
    int (*read_next_header)(struct archive *, struct archive_entry **);
    la_ssize_t (*read_data)(struct archive *, void *, size_t);
    int (*read_free)(struct archive *);
    const char *(*error_string)(struct archive *);
    void (*set_error)(struct archive *, int, const char *, ...);
    const char *(*entry_pathname)(struct archive_entry *);
};

/*
 * The functions, loaded on the first call (thread-safe); NULL when the
 * library cannot be loaded, with the reason (dlerror's) in why[0..size).
 * The table is static: never freed.
 */
const struct cx_archive_api *cx_archive_api(char *why, size_t size);

#endif
