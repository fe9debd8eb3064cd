/*
 * result.h - a finished metric as an ordered list of named values, the one
 * shape every writer (JSON, text, CSV) prints from.
 *
 * Field names are static strings; text values are borrowed.  Reals are
 * never NaN, Inf or -0: a value that cannot be computed is CX_V_NULL.
 */
#ifndef CXCALC_RESULT_H
#define CXCALC_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cx_vkind { CX_V_NULL, CX_V_COUNT, CX_V_REAL, CX_V_BOOL, CX_V_TEXT };

struct cx_value {
    enum cx_vkind kind;
    union {
        uint64_t count;
        double real;
        bool flag;
        const char *text;
    } u;
};

struct cx_field {
    const char *name;
    struct cx_value v;
};

#define CX_MAX_FIELDS 24

struct cx_metric_result {
    const char *metric;         /* "nps", "csat", … */
    size_t nfields;
    struct cx_field fields[CX_MAX_FIELDS];
};

void cx_result_init(struct cx_metric_result *r, const char *metric);
void cx_result_count(struct cx_metric_result *r, const char *name,
                     uint64_t v);
/* A real, or null when `ok` is false or v is not finite; -0 becomes 0. */
void cx_result_real(struct cx_metric_result *r, const char *name, double v,
                    bool ok);
void cx_result_null(struct cx_metric_result *r, const char *name);
void cx_result_bool(struct cx_metric_result *r, const char *name, bool v);
void cx_result_text(struct cx_metric_result *r, const char *name,
                    const char *v);

/* The field called `name`, or NULL. */
const struct cx_value *cx_result_get(const struct cx_metric_result *r,
                                     const char *name);

/* --min-n: make every real field null and add "suppressed": true. */
void cx_result_suppress(struct cx_metric_result *r);

/* The field called `name`; a null value when there is none. */
const struct cx_value *cx_result_value(const struct cx_metric_result *r,
                                       const char *name);
/* The count called `name`; 0 when there is none. */
uint64_t cx_result_count_of(const struct cx_metric_result *r,
                            const char *name);
/* The text called `name`; "" when there is none. */
const char *cx_result_text_of(const struct cx_metric_result *r,
                              const char *name);

/* For the text report: a real printed with `fmt`, or "-". */
void cx_value_format(const struct cx_value *v, const char *fmt, char *buf,
                     size_t size);
/* Seconds as m:ss (h:mm:ss from an hour), or "-" (SPEC §6). */
void cx_value_duration(const struct cx_value *v, char *buf, size_t size);

#endif
