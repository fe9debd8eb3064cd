/*
 * registry.h - every metric cxcalc computes, described once: its name
 * (the command, the JSON key, the state's "metric", the --fail-if
 * prefix), the table it reads, its state's merge and finish, the fields
 * its result may hold, and how the text report shows it.  Commands,
 * `report`, `merge`, --fail-if and the writers read this table; none of
 * them compares metric names.
 *
 * Adding a metric: write src/metrics/NAME.c with its accumulator and a
 * `const struct cx_metric_def cx_NAME_metric`, and add X(NAME) to
 * CX_METRIC_LIST in registry.c (docs/architecture.md).
 */
#ifndef CXCALC_REGISTRY_H
#define CXCALC_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxcalc/arena.h"
#include "cxcalc/error.h"
#include "cxcalc/metrics.h"
#include "cxcalc/result.h"
#include "cxcalc/roles.h"

/* The metrics a run computes, as a set of bits: a metric's bit is 1 <<
 * its name's place in the registry (cx_metric_bit); these are the first
 * ones', for the code that names them. */
enum cx_metric {
    CX_METRIC_NPS = 1u << 0,
    CX_METRIC_CSAT = 1u << 1,
    CX_METRIC_CES = 1u << 2,
    CX_METRIC_AHT = 1u << 3,
    CX_METRIC_FCR = 1u << 4,
    CX_METRIC_CHURN = 1u << 5,
    CX_METRIC_CLV = 1u << 7
};

struct cx_table;
struct cx_job;

/* Where a job's finish puts each scope's state and result: scope g <
 * ngroups is group g, scope ngroups the overall one. */
struct cx_job_out {
    size_t ngroups;
    const uint32_t *rank;       /* grouper slot -> group; NULL: no groups */
    size_t nslots;
    struct cx_mstate **state;   /* ngroups + 1 */
    struct cx_metric_result **result;
    struct cx_arena *arena;     /* for what states keep (sketches) */
};

/* One field a result may hold: its name, its JSON type, its unit. */
struct cx_field_def {
    const char *name;
    enum cx_vkind type;
    const char *unit;       /* "count", "percent", "seconds", ... or "" */
};

/* Fields named as in C. */
#define CX_F_COUNT(name) {#name, CX_V_COUNT, "count"}
#define CX_F_REAL(name, unit) {#name, CX_V_REAL, unit}
#define CX_F_TEXT(name) {#name, CX_V_TEXT, ""}
#define CX_F_BOOL(name) {#name, CX_V_BOOL, ""}
#define CX_F_END {NULL, CX_V_NULL, NULL}

/* A member of a metric's state: how a state file holds it (state.h) and
 * how two states merge it (cx_mstate_merge). */
enum cx_sfield {
    CX_SF_U64,          /* a count: added */
    CX_SF_I64,          /* an int64_t sum: added (past 2^63: refused) */
    CX_SF_BOOL,         /* a bool: either's */
    CX_SF_XSUM,         /* an exact sum: added */
    CX_SF_SKETCH,       /* a struct cx_sketch: buckets added */
    CX_SF_SAME_I64,     /* an int64_t the states must share */
    CX_SF_SAME_BOOL,    /* a bool the states must share */
    CX_SF_ENUM          /* an enum (an int) the states must share, written
                           as the name of its value */
};

struct cx_state_field {
    const char *name;           /* its key in the state's JSON object */
    enum cx_sfield kind;
    size_t off;                 /* its place in struct cx_mstate */
    const char *const *names;   /* CX_SF_ENUM: the values' names, NULL-
                                   ended (the enum is an int) */
};

#define CX_SFIELD(kind, name, member)                                       \
    {name, kind, offsetof(struct cx_mstate, member), NULL}
#define CX_S_U64(name, m) CX_SFIELD(CX_SF_U64, name, m)
#define CX_S_XSUM(name, m) CX_SFIELD(CX_SF_XSUM, name, m)
#define CX_S_SAME(name, m) CX_SFIELD(CX_SF_SAME_I64, name, m)
/* Members named as in C: member m of `of` (u.nps, u.aht.acc, ...). */
#define CX_SU(of, m) CX_SFIELD(CX_SF_U64, #m, of.m)
#define CX_SI(of, m) CX_SFIELD(CX_SF_I64, #m, of.m)
#define CX_SB(of, m) CX_SFIELD(CX_SF_BOOL, #m, of.m)
#define CX_SX(of, m) CX_SFIELD(CX_SF_XSUM, #m, of.m)
#define CX_S_END {NULL, CX_SF_U64, 0, NULL}

/* How the text report shows a metric: its heading, the format of value
 * and interval (NULL: a duration in seconds, shown as m:ss), the heading
 * of its own column and that column's cell for one result. */
struct cx_text_def {
    const char *title;
    const char *value_format;
    const char *head;
    void (*cell)(const struct cx_metric_result *m, char *buf, size_t size);
};

/*
 * A metric's part in a run (src/app/run.c): plan adds the columns it
 * reads to the table; add takes a batch of rows, row r in grouper slot
 * slot[r] (slot NULL: no groups; every row is also in the overall scope);
 * merge adds the job of another part of the input, whose slot s < nmap is
 * map[s] here; ready is called once every input's header is read (before
 * add when the metric needs every row), and returns CX_DONE when the
 * metric is left out (`report`, its columns absent); finish writes every
 * scope's state and result.
 */
struct cx_job_ops {
    enum cx_status (*plan)(struct cx_job *j, struct cx_table *t,
                           struct cx_error *err);
    enum cx_status (*add)(struct cx_job *j, const struct cx_table *t,
                          const uint32_t *slot, size_t nslots,
                          struct cx_error *err);
    enum cx_status (*merge)(struct cx_job *into, const struct cx_job *from,
                            const uint32_t *map, size_t nmap,
                            struct cx_error *err);
    enum cx_status (*ready)(struct cx_job *j, const struct cx_table *t,
                            struct cx_error *err);
    enum cx_status (*finish)(struct cx_job *j, const struct cx_table *t,
                             const struct cx_job_out *out,
                             struct cx_error *err);
    void (*release)(struct cx_job *j);
};

/* A metric's state in a state file: its name and members (ended by
 * {NULL}); check says why a state read back cannot be this metric's
 * (NULL: it can); empty_like makes an empty state computed as `like` was
 * (NULL: all zero); differs says why two states computed differently do
 * not merge. */
struct cx_state_def {
    const char *name;
    const struct cx_state_field *fields;
    const char *(*check)(const struct cx_mstate *s);
    void (*empty_like)(struct cx_mstate *s, const struct cx_mstate *like);
    const char *differs;
};

struct cx_metric_def {
    const char *name;               /* "nps" */
    enum cx_table_kind table;       /* the table it reads */
    const char *summary;            /* one line for --help */
    /* the long options of its own (beyond those of every metric
     * command), ended by NULL: `cxcalc help NAME` lists them, and
     * another command refuses them */
    const char *const *options;
    /* every field a result may hold, ended by {NULL} ("suppressed", which
     * --min-n adds to any, is not listed) */
    const struct cx_field_def *fields;
    /* it can finish only once every row is read (exact percentiles,
     * repeat-contact episodes, churn cohorts) */
    bool needs_all_rows;
    struct cx_text_def text;
    /* its part in the pipeline, and what that part needs of its own
     * (NULL: it has none; it is run by its own command) */
    const struct cx_job_ops *job;
    const void *job_data;
    struct cx_state_def state;
    /* the result of a state (s->exact: as cx_mstate_finish's) */
    void (*finish)(const struct cx_mstate *s, const struct cx_metric_opts *o,
                   struct cx_metric_result *out);
    /* what a finished result says that its numbers alone do not show
     * (CLV: a value resting on an implied lifetime past ten years), as
     * warnings naming its scope ("overall", "plan=pro, period=2026-01");
     * NULL: nothing (cx_report_warn calls it for a report's every result) */
    void (*warn)(const struct cx_metric_result *m, const char *scope,
                 struct cx_warner *w);
};

/* One metric's work in one run. */
struct cx_job {
    const struct cx_metric_def *def;
    const struct cx_metric_opts *o;
    void *priv;                 /* the metric's own, freed by release */
};

/* The metrics in report order (survey, interactions, customers). */
size_t cx_metric_count(void);
const struct cx_metric_def *cx_metric_at(size_t i);

/* A metric's state kind: its place in the registry + 1 (CX_MK_NPS ...
 * name the first ones). */
enum cx_mkind cx_metric_kind(const struct cx_metric_def *d);
/* A metric's bit in a run's set: 1 << the place of its name (CX_METRIC_*
 * name the first ones). */
unsigned cx_metric_bit(const struct cx_metric_def *d);

/* The first metric called `name`, or NULL. */
const struct cx_metric_def *cx_metric_find(const char *name);
/* The metric whose state is of kind k, or NULL. */
const struct cx_metric_def *cx_metric_of_kind(enum cx_mkind k);
/* The position of the first metric called `name` in report order, or
 * cx_metric_count() when there is none. */
size_t cx_metric_rank(const char *name);

/* The metric takes the long option `name` (its own, not a common one). */
bool cx_metric_takes(const struct cx_metric_def *d, const char *name);

/*
 * Add accumulator `from` to `into`, of `size` bytes, each the start of
 * metric d's member of the state's union, by the rules of d's state
 * members there (counts and sums added, flags or'ed; what the states must
 * share is not touched).
 */
void cx_mstate_add(const struct cx_metric_def *d, void *into,
                   const void *from, size_t size);

/* The field `field` of metric d (or "suppressed"), or NULL when it has
 * none such. */
const struct cx_field_def *cx_metric_field(const struct cx_metric_def *d,
                                           const char *field);

#endif
