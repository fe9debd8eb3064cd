/*
 * metrics.h - the survey metrics of SPEC section 3 as mergeable
 * accumulators: plain structs of integer counts and sums, filled by
 * *_add, combined by *_merge (order does not matter), and turned into a
 * result by *_finish.  All percentages are 0-100.
 */
#ifndef CXCALC_METRICS_H
#define CXCALC_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include "cxcalc/arena.h"
#include "cxcalc/calendar.h"
#include "cxcalc/result.h"
#include "cxcalc/sketch.h"
#include "cxcalc/xsum.h"

struct cx_zone;

/* ---- NPS (scale 0-10; promoters 9-10, passives 7-8, detractors 0-6) --- */

struct cx_nps_acc {
    uint64_t promoters, passives, detractors, missing, invalid;
    /* weighted runs: exact sums of the weights and of their squares */
    struct cx_xsum w_promoters, w_passives, w_detractors, w_sq;
};

struct cx_nps_opts {
    bool weighted;      /* --weight given: shares use the weights */
    double z;           /* from --confidence */
};

/* One valid score 0..10 with its weight (a weighted run). */
void cx_nps_add(struct cx_nps_acc *a, int score, double weight);
/* One valid score 0..10 of an unweighted run (the counts only). */
void cx_nps_count(struct cx_nps_acc *a, int score);
void cx_nps_merge(struct cx_nps_acc *into, const struct cx_nps_acc *from);
void cx_nps_finish(const struct cx_nps_acc *a, const struct cx_nps_opts *o,
                   struct cx_metric_result *out);

/* ---- CSAT (satisfied = lo..hi of the scale) ----------------------------- */

struct cx_csat_acc {
    uint64_t n, satisfied, sum, missing, invalid;
    uint64_t scored;            /* responses with a number (for the mean);
                                   good/bad ratings have none */
};

struct cx_csat_opts {
    int scale_lo, scale_hi;         /* 1-5 by default */
    int sat_lo, sat_hi;             /* the satisfied boxes */
    double z;
};

/* Scale "1-5", "1-7", "1-10", "0-10": sets scale and top-two boxes. */
bool cx_csat_scale(const char *s, struct cx_csat_opts *o);
/* A score on the scale, or CX_RATING_GOOD / CX_RATING_BAD (two-box). */
void cx_csat_add(struct cx_csat_acc *a, const struct cx_csat_opts *o,
                 int score);
void cx_csat_merge(struct cx_csat_acc *into, const struct cx_csat_acc *from);
void cx_csat_finish(const struct cx_csat_acc *a, const struct cx_csat_opts *o,
                    struct cx_metric_result *out);

/* ---- CES (mean score; easy / difficult boxes) --------------------------- */

struct cx_ces_acc {
    uint64_t n, easy, difficult, sum, sum_sq, missing, invalid;
};

struct cx_ces_opts {
    int scale_hi;       /* 7 (default) or 5; scales start at 1 */
    bool low_is_easy;   /* --ces-low-is-easy mirrors the boxes */
    double z;
};

bool cx_ces_scale(const char *s, struct cx_ces_opts *o);
void cx_ces_add(struct cx_ces_acc *a, const struct cx_ces_opts *o,
                int score);
void cx_ces_merge(struct cx_ces_acc *into, const struct cx_ces_acc *from);
void cx_ces_finish(const struct cx_ces_acc *a, const struct cx_ces_opts *o,
                   struct cx_metric_result *out);

/* ---- AHT (handle time of handled contacts, SPEC §3) -------------------- */

struct cx_aht_acc {
    uint64_t n, missing, invalid, abandoned;
    int64_t sum_ms;                     /* exact: integer milliseconds */
    int64_t talk_ms, hold_ms, acw_ms;   /* parts over the n contacts */
};

/* Which handle-time parts the table has (for talk_mean etc.). */
struct cx_aht_opts {
    bool has_talk, has_hold, has_acw;
};

void cx_aht_add(struct cx_aht_acc *a, int64_t handle_ms, int64_t talk_ms,
                int64_t hold_ms, int64_t acw_ms);
void cx_aht_merge(struct cx_aht_acc *into, const struct cx_aht_acc *from);
/* A scope's values as its distinct values, ascending, each with how many
 * times it occurs (AHT's handle times, for exact percentiles). */
struct cx_value_count {
    int64_t value;
    uint64_t count;
};

/* The scope's values for exact quantiles: `n` distinct ones, ascending
 * (their counts add up to the scope's n). */
struct cx_exact {
    const struct cx_value_count *v;
    size_t n;
};

/* `exact` holds the n handle times of this scope (for the median and
 * p90); when NULL, they come from `sketch` (of the same n values) and the
 * result says "percentiles_approximate". */
void cx_aht_finish(const struct cx_aht_acc *a, const struct cx_aht_opts *o,
                   const struct cx_exact *exact,
                   const struct cx_sketch *sketch,
                   struct cx_metric_result *out);

/* ---- FCR (flag or repeat-contact method, SPEC §3) ---------------------- */

struct cx_fcr_acc {
    uint64_t n;             /* flags, or episodes */
    uint64_t resolved;      /* true flags, or one-contact episodes */
    uint64_t contacts;      /* repeat method: contacts in the episodes */
    uint64_t missing, invalid, abandoned;
};

struct cx_fcr_opts {
    bool repeat;            /* method: repeat-contact, else flag */
    double z;
};

void cx_fcr_merge(struct cx_fcr_acc *into, const struct cx_fcr_acc *from);

/* The contacts of a log, by index: customer and issue ids (issue NULL:
 * none) and start times. */
struct cx_contact_log {
    const uint32_t *customer;
    const uint32_t *issue;
    const int64_t *start;
};

/*
 * Repeat-contact episodes (SPEC §3): the contacts idx[0..n) are sorted
 * by customer, issue, start and index, and cut per customer (and issue)
 * in time order: a contact more than window_ms after its episode's first
 * contact opens a new episode.  episode() is called for each, with its
 * first contact and its number of contacts.
 */
void cx_fcr_episodes(const struct cx_contact_log *c, size_t *idx, size_t n,
                     int64_t window_ms,
                     void (*episode)(void *ctx, size_t first,
                                     uint64_t contacts),
                     void *ctx);
void cx_fcr_finish(const struct cx_fcr_acc *a, const struct cx_fcr_opts *o,
                   struct cx_metric_result *out);

/* ---- Churn (customers, SPEC §3) --------------------------------------- */

/* Snapshot method: a churned flag, optionally tenure in months. */
struct cx_churn_acc {
    uint64_t customers, churned, missing, invalid;
    uint64_t churned_with_tenure;   /* churned rows with a valid tenure */
    struct cx_xsum tenure_sum;      /* over rows with a flag and tenure */
};

void cx_churn_add(struct cx_churn_acc *a, bool churned, bool has_tenure,
                  double tenure);
void cx_churn_merge(struct cx_churn_acc *into,
                    const struct cx_churn_acc *from);
/* has_tenure: the table has a tenure column (monthly_rate reported). */
void cx_churn_finish(const struct cx_churn_acc *a, bool has_tenure,
                     struct cx_metric_result *out);
/* The monthly churn as a fraction, or false when unknown. */
bool cx_churn_monthly(const struct cx_churn_acc *a, double *rate);

/* Event method: monthly cohorts from signup and cancel dates, summed over
 * the months of a scope. */
struct cx_events_acc {
    uint64_t customers, missing, invalid;
    uint64_t active_start, churned, added;  /* sums over months */
};

void cx_events_merge(struct cx_events_acc *into,
                     const struct cx_events_acc *from);
void cx_events_finish(const struct cx_events_acc *a,
                      struct cx_metric_result *out);
bool cx_events_monthly(const struct cx_events_acc *a, double *rate);

/* ---- CLV, formula method (SPEC §3) ------------------------------------- */

struct cx_clv_acc {
    uint64_t n, missing, invalid;
    struct cx_xsum revenue_sum;     /* over the n customers */
};

struct cx_clv_opts {
    double margin;                  /* fraction, default 1 */
    double discount;                /* monthly fraction, default 0 */
    bool has_arpu;
    double arpu;                    /* --arpu */
    int horizon_months;             /* --horizon Nm: the months summed;
                                       0: every month (the infinite sum) */
};

/* --horizon: at most this many steps (months for the formula), so that a
 * horizon is an int everywhere and a state's is checked against it. */
#define CX_HORIZON_MAX 100000

/* Past this implied lifetime (1 / monthly churn) the formula counts
 * margin from further ahead than any export's history can support, so
 * the report warns (cx_metric_def.warn): ten years. */
#define CX_CLV_LIFETIME_WARN_MONTHS 120

/*
 * The formula's value per customer: margin m (ARPU · margin) at the start
 * of each month, the current one included, kept with probability 1 - c a
 * month and discounted by d a month, over `horizon` months (0: for ever):
 * m · Σ_{k=0..H-1} ((1 - c) / (1 + d))^k, which for H -> infinity is
 * m · (1 + d) / (d + c).  False when the infinite sum is asked for with
 * c = 0 (no end to the lifetime: no value).
 */
bool cx_clv_value(double m, double c, double d, int horizon, double *value);

void cx_clv_merge(struct cx_clv_acc *into, const struct cx_clv_acc *from);
/* churn_ok false: no monthly churn known for this scope (value null). */
void cx_clv_finish(const struct cx_clv_acc *a, const struct cx_clv_opts *o,
                   bool churn_ok, double churn, struct cx_metric_result *out);

/* ---- One metric's state for one scope (partial runs, `cxcalc merge`) --- */

enum cx_mkind {
    CX_MK_NONE, CX_MK_NPS, CX_MK_CSAT, CX_MK_CES, CX_MK_AHT, CX_MK_FCR,
    CX_MK_CHURN, CX_MK_EVENTS, CX_MK_CLV
};

/* The churn behind a scope's CLV (its monthly rate). */
enum cx_clv_churn { CX_CLV_CHURN_NONE, CX_CLV_CHURN_SNAPSHOT,
                    CX_CLV_CHURN_EVENTS };

#define CX_MSTATE_COUNTS 16

/*
 * Everything a metric's result is computed from, so that states merged
 * with cx_mstate_merge finish into what one run over all the rows gives.
 * AHT keeps its handle times as a sketch (exact percentiles need them all;
 * a single run passes them, counted, to cx_mstate_finish instead).
 */
struct cx_mstate {
    enum cx_mkind kind;
    /* the scope's values, where a metric keeps them (AHT's handle times:
     * exact percentiles); borrowed, never in a state file */
    const struct cx_exact *exact;
    union {
        struct cx_nps_acc nps;
        struct cx_csat_acc csat;
        struct cx_ces_acc ces;
        struct {
            struct cx_aht_acc acc;
            struct cx_aht_opts o;
            struct cx_sketch sketch;    /* arrays borrowed */
        } aht;
        struct {
            struct cx_fcr_acc acc;
            bool repeat;
        } fcr;
        struct {
            struct cx_churn_acc acc;
            bool has_tenure;
        } churn;
        struct {
            struct cx_events_acc acc;
            int64_t last_month;     /* the month range's end (a period
                                       code): states merge only alike */
        } events;
        struct {
            struct cx_clv_acc acc;
            enum cx_clv_churn churn;
            struct cx_churn_acc snap;
            struct cx_events_acc ev;
            int64_t last_month;
        } clv;
        /* a metric whose state is a few counts keeps them here, in its
         * own order (registry.h: its state_fields say which is which) */
        uint64_t counts[CX_MSTATE_COUNTS];
    } u;
};

/* How FCR is measured (SPEC §3). */
enum cx_fcr_method {
    CX_FCR_AUTO,        /* flag when a `resolved` column exists */
    CX_FCR_FLAG,
    CX_FCR_REPEAT
};

/* How churn is measured (SPEC §3). */
enum cx_churn_method {
    CX_CHURN_AUTO,      /* snapshot when a churned flag exists */
    CX_CHURN_SNAPSHOT,
    CX_CHURN_EVENTS
};

#define CX_DEFAULT_FCR_WINDOW_MS (INT64_C(7) * 86400000)

/*
 * What a run asks of its metrics: every option that shapes a number, and
 * the facts of the run that decide which columns are required.  The one
 * options model: the command line fills it, runs read it, states record
 * it, and states are finished with it.  Defaults: cx_metric_opts_init.
 */
struct cx_metric_opts {
    double z;                       /* from --confidence (default 95 %) */
    const char *weight;             /* --weight COL, or NULL */
    struct cx_csat_opts csat;       /* 1-5 by default */
    struct cx_ces_opts ces;         /* 1-7 by default */
    enum cx_fcr_method fcr_method;
    int64_t fcr_window_ms;          /* repeat-contact window (7 days) */
    const char *handled;            /* --handled V,V: the statuses of
                                       handled contacts (NULL: words) */
    const char *abandoned;          /* --abandoned V,V: more statuses of
                                       contacts not handled */
    enum cx_churn_method churn_method;
    struct cx_clv_opts clv;         /* margin 1, discount 0, --arpu */
    bool has_churn_rate;
    double churn_rate;              /* --churn-rate, monthly fraction */
    /* the run */
    bool report;                    /* `report`: a metric whose columns
                                       are absent is left out */
    bool partial;                   /* --partial: states are kept */
    bool dated;                     /* --since or --until given */
    enum cx_period period;          /* --period */
    const struct cx_zone *zone;     /* --tz: periods are cut in it (NULL:
                                       UTC) */
    const char *partitioned_by;     /* --partitioned-by COL: every row of
                                       each COL value is in this input */
};

void cx_metric_opts_init(struct cx_metric_opts *o);
/* The methods' names by value, NULL-ended ("auto", "flag", "repeat";
 * "auto", "snapshot", "events"), and the value of a name: its index in
 * names, or -1. */
extern const char *const cx_fcr_methods[];
extern const char *const cx_churn_methods[];
int cx_name_index(const char *s, const char *const *names);
/* --confidence: z for the level (0 < level < 1) everywhere it is used. */
void cx_metric_opts_confidence(struct cx_metric_opts *o, double level);

/* The metric's name ("nps", ...) for a kind; NULL for CX_MK_NONE. */
const char *cx_mkind_name(enum cx_mkind k);

/*
 * into += from (the same kind; AHT's merged sketch in arena).  Returns 0,
 * -1 when out of memory, or 1 when the two were computed differently (FCR
 * by flag and by repeat contacts, CLV from different churn, churn events
 * over month ranges that end in different months), or 2 when a sum would
 * pass what it can hold (AHT's milliseconds, 2^63).
 */
int cx_mstate_merge(struct cx_mstate *into, const struct cx_mstate *from,
                    struct cx_arena *arena);

/*
 * The result of s.  AHT: exact, when given, holds the scope's handle times
 * (exact percentiles); else the percentiles come from the sketch and the
 * result says they are approximate.
 */
void cx_mstate_finish(const struct cx_mstate *s,
                      const struct cx_metric_opts *o,
                      const struct cx_exact *exact,
                      struct cx_metric_result *out);

#endif
