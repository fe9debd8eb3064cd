/*
 * fuzz_state.c - libFuzzer target for what `cxcalc merge` reads: any bytes
 * as a sequence of states.  Each state that reads back is merged with
 * itself and with the one before it (when made alike) and finished into
 * results, so that no state a file can hold makes merge crash, leak, or
 * overflow (UBSan).  Oracles: a state that reads back, written again and
 * read again, is the same state (the same bytes the second time); merging
 * a state with itself doubles every count.  The bytes then go through
 * `cxcalc merge` itself (cx_app_merge, from a file) and, when that works,
 * into the JSON and text reports.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "cxcalc/app.h"
#include "cxcalc/metrics.h"
#include "report/state.h"

/* Write st (its states with its options) to memory. */
static char *write_mem(const struct cx_state *st, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f)
        abort();
    struct cx_error err;
    enum cx_status s = cx_write_state(&st->rep, &st->opts, f, &err);
    fclose(f);
    if (s != CX_OK && s != CX_ERR_NOMEM)
        abort();
    return buf;
}

static void finish_all(const struct cx_state *st)
{
    const struct cx_metric_opts *fo = &st->opts.m;
    struct cx_metric_result r;
    for (size_t m = 0; m < st->rep.noverall; m++)
        cx_mstate_finish(&st->rep.overall_state[m], fo, NULL, &r);
    for (size_t g = 0; g < st->rep.ngroups; g++)
        for (size_t m = 0; m < st->rep.groups[g].nmetrics; m++)
            cx_mstate_finish(&st->rep.groups[g].state[m], fo, NULL, &r);
}

/* Merge a state's overall states with themselves: counts double. */
static void merge_self(const struct cx_state *st)
{
    struct cx_arena arena;
    cx_arena_init(&arena, 0);
    for (size_t m = 0; m < st->rep.noverall; m++) {
        const struct cx_mstate *s = &st->rep.overall_state[m];
        struct cx_mstate twice = *s;
        int rc = cx_mstate_merge(&twice, s, &arena);
        if (rc < 0)
            continue;
        if (rc != 0)
            abort();            /* a state is always like itself */
        if (s->kind == CX_MK_CSAT && twice.u.csat.n != 2 * s->u.csat.n)
            abort();
        if (s->kind == CX_MK_AHT
            && twice.u.aht.sketch.n != 2 * s->u.aht.sketch.n)
            abort();
    }
    cx_arena_release(&arena);
}

/* The bytes as a file, merged as `cxcalc merge FILE` would. */
static void merge_file(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/fuzz_state.%ld", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    const char *paths[] = {path, path};
    struct cx_report rep;
    struct cx_state_opts so;
    struct cx_error err;
    cx_report_init(&rep);
    enum cx_status s = cx_app_merge(paths, 2, 2, &rep, &so, &err);
    if (s == CX_OK) {
        FILE *null = fopen("/dev/null", "w");
        if (!null)
            abort();
        if (cx_write_json(&rep, null, &err) != CX_OK
            || cx_write_text(&rep, null, 100, &err) != CX_OK
            || cx_write_state(&rep, &so, null, &err) != CX_OK)
            abort();
        fclose(null);
    } else if (s != CX_ERR_STATE && s != CX_ERR_NOMEM) {
        abort();
    }
    cx_report_release(&rep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t at = 0;
    for (int k = 0; k < 8 && at < size; k++) {
        struct cx_state st;
        struct cx_error err;
        size_t used = 0;
        enum cx_status s = cx_read_state(text + at, size - at, "fuzz", &st,
                                         &used, &err);
        if (s == CX_OK) {
            finish_all(&st);
            merge_self(&st);
            size_t len1, len2, u;
            char *a = write_mem(&st, &len1);
            struct cx_state again;
            if (cx_read_state(a, len1, "again", &again, &u, &err) != CX_OK
                && err.status != CX_ERR_NOMEM)
                abort();        /* what was written reads back */
            if (err.status == CX_OK) {
                char *b = write_mem(&again, &len2);
                if (len1 != len2 || memcmp(a, b, len1) != 0)
                    abort();    /* and is the same state */
                free(b);
            }
            cx_state_release(&again);
            free(a);
        } else if (s != CX_ERR_STATE && s != CX_ERR_NOMEM) {
            abort();            /* bad states are CX_ERR_STATE */
        }
        cx_state_release(&st);
        if (s != CX_OK || used == 0)
            break;
        at += used;
    }
    merge_file(data, size);
    return 0;
}
