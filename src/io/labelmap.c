/* labelmap.c - a --labels map, written inline or in a CSV file (see
 * labels.h). */
#include "cxcalc/labels.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cxcalc/reader.h"
#include "util/alloc.h"
#include "util/text.h"

#define MAX_LABELS 1000

struct building {
    struct cx_label *labels;
    size_t n, cap;
};

/* "7", " 7 ": a value 0..100 (a score column holds small integers). */
static bool parse_value(const char *s, size_t len, int *out)
{
    s = cx_trim(s, &len);
    char buf[16];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (*end || errno || v < 0 || v > 100)
        return false;
    *out = (int)v;
    return true;
}

static enum cx_status add(struct building *b, struct cx_arena *a,
                          const char *label, size_t len, int value,
                          const char *spec, struct cx_error *err)
{
    char norm[96];
    label = cx_trim(label, &len);
    if (len == 0 || len >= sizeof norm)
        return cx_error_set(err, CX_ERR_USAGE, NULL,
                            "bad --labels '%s': a label is empty or longer "
                            "than %zu bytes", spec, sizeof norm - 1);
    cx_normalise(label, len, norm, sizeof norm);
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->labels[i].text, norm) == 0)
            return cx_error_set(err, CX_ERR_USAGE, NULL,
                                "bad --labels '%s': label '%s' appears "
                                "twice", spec, norm);
    if (b->n >= MAX_LABELS
        || cx_grow((void **)&b->labels, &b->cap, b->n + 1, sizeof *b->labels,
                   16))
        return cx_error_set(err, CX_ERR_USAGE, NULL,
                            "bad --labels '%s': more than %d labels", spec,
                            MAX_LABELS);
    char *text = cx_arena_strndup(a, norm, strlen(norm));
    if (!text)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    b->labels[b->n++] = (struct cx_label){text, value};
    return CX_OK;
}

/* "Poor:1,Fair:2": each item's label runs to its last ':'. */
static enum cx_status parse_inline(const char *spec, struct building *b,
                                   struct cx_arena *a, struct cx_error *err)
{
    const char *p = spec;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *colon = NULL;
        for (size_t i = 0; i < len; i++)
            if (p[i] == ':')
                colon = p + i;
        int value;
        if (!colon || !parse_value(colon + 1, len - (size_t)(colon + 1 - p),
                                   &value))
            return cx_error_set(err, CX_ERR_USAGE, NULL,
                                "bad --labels '%s': each item is LABEL:VALUE "
                                "with VALUE a whole number 0-100 (or give a "
                                "CSV file of label,value rows)", spec);
        enum cx_status st = add(b, a, p, (size_t)(colon - p), value, spec,
                                err);
        if (st != CX_OK)
            return st;
        p = comma ? comma + 1 : p + len;
    }
    return CX_OK;
}

/* A CSV file of label,value rows; a first row whose value is not a
 * number is its header. */
static enum cx_status parse_file(const char *path, struct building *b,
                                 struct cx_arena *a, struct cx_error *err)
{
    struct cx_reader *r = cx_reader_open(path, path, NULL, err);
    if (!r)
        return err->status;
    struct cx_record rec;
    enum cx_status st;
    bool first = true;
    while ((st = cx_reader_next(r, &rec, err)) == CX_OK) {
        int value;
        if (rec.nfields == 1 && rec.fields[0].len == 0)
            continue;
        bool ok = rec.nfields == 2
                  && parse_value(rec.fields[1].p, rec.fields[1].len, &value);
        if (!ok && first && rec.nfields == 2) {
            first = false;
            continue;
        }
        first = false;
        if (!ok) {
            st = cx_error_set(err, CX_ERR_USAGE,
                              &(struct cx_loc){path, rec.line, 0},
                              "a --labels file has rows label,value with "
                              "value a whole number 0-100");
            break;
        }
        st = add(b, a, rec.fields[0].p, rec.fields[0].len, value, path, err);
        if (st != CX_OK)
            break;
    }
    cx_reader_free(r);
    if (st == CX_DONE && b->n == 0)
        return cx_error_set(err, CX_ERR_USAGE, &(struct cx_loc){path, 0, 0},
                            "the --labels file has no label,value rows");
    return st == CX_DONE ? CX_OK : st;
}

enum cx_status cx_label_map_parse(const char *spec, struct cx_arena *a,
                                  struct cx_label_map *out,
                                  struct cx_error *err)
{
    struct building b = {0};
    struct stat sb;
    enum cx_status st = stat(spec, &sb) == 0 && !S_ISDIR(sb.st_mode)
                            ? parse_file(spec, &b, a, err)
                            : parse_inline(spec, &b, a, err);
    struct cx_label *labels = NULL;
    if (st == CX_OK && b.n == 0)
        st = cx_error_set(err, CX_ERR_USAGE, NULL,
                          "bad --labels '%s': no labels", spec);
    if (st == CX_OK
        && !(labels = cx_arena_alloc(a, b.n * sizeof *labels)))
        st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    if (st == CX_OK) {
        memcpy(labels, b.labels, b.n * sizeof *labels);
        *out = (struct cx_label_map){"custom", 0, labels, b.n};
    }
    cx_free(b.labels);
    return st;
}
