/* archive_dl.c - libarchive loaded when first needed (see archive_dl.h).
 * CXCALC_LIBARCHIVE_SONAME is the library's file name at run time (its
 * SONAME, set by CMake: "libarchive.so.13" for every libarchive 3). */
#include "io/archive_dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#ifndef CXCALC_LIBARCHIVE_SONAME
#define CXCALC_LIBARCHIVE_SONAME "libarchive.so.13"
#endif

static struct cx_archive_api api;
static bool loaded;
static char load_error[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* ISO C does not convert void * to a function pointer: copy the bits. */
#define GET(field, name)                                                  \
    do {                                                                  \
        void *p_ = dlsym(h, name);                                        \
        if (!p_) {                                                        \
            snprintf(load_error, sizeof load_error, "%s", dlerror());     \
            return;                                                       \
        }                                                                 \
        memcpy(&api.field, &p_, sizeof api.field);                        \
    } while (0)

static void load(void)
{
    void *h = dlopen(CXCALC_LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(load_error, sizeof load_error, "%s", dlerror());
        return;
    }
    GET(read_new, "archive_read_new");
    GET(read_support_filter_bzip2, "archive_read_support_filter_bzip2");
    GET(read_support_format_raw, "archive_read_support_format_raw");
    GET(read_support_format_zip, "archive_read_support_format_zip");
    GET(read_open, "archive_read_open");
    GET(read_open_fd, "archive_read_open_fd");
    GET(read_open_memory, "archive_read_open_memory");
    GET(read_next_header, "archive_read_next_header");
    GET(read_data, "archive_read_data");
    GET(read_free, "archive_read_free");
    GET(error_string, "archive_error_string");
    GET(set_error, "archive_set_error");
    GET(entry_pathname, "archive_entry_pathname");
    loaded = true;
}

const struct cx_archive_api *cx_archive_api(char *why, size_t size)
{
    pthread_once(&once, load);
    if (loaded)
        return &api;
    if (size)
        snprintf(why, size, "%s", load_error);
    return NULL;
}
