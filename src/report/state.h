/*
 * state.h - a partial run's state as a file (`--partial`), read back by
 * `cxcalc merge` (SPEC §8; the format is in docs/json.md).
 *
 * A state is a report without results: its inputs, its groups' keys, and
 * per metric and scope the cx_mstate the result is finished from; plus
 * the options that shaped those numbers, which must be the same in every
 * state merged.  Counts are exact integers (up to 2^53 when read back);
 * reals are printed to round-trip.
 */
#ifndef CXCALC_STATE_H
#define CXCALC_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cxcalc/error.h"
#include "cxcalc/report.h"

#define CX_STATE_SCHEMA 1

/* What a state was made with: the run's metric options (the same struct
 * a run computes with, and states are finished with) and what selected
 * and grouped its rows.  Strings are borrowed when writing and owned by
 * the state's report arena when read. */
struct cx_state_opts {
    const char *command;            /* "nps", ..., "report" */
    const char *const *by;
    size_t nby;
    struct cx_metric_opts m;        /* m.partitioned_by: not an option of
                                       the numbers but a fact of the input,
                                       checked by merge for repeat-contact
                                       FCR */
    bool has_since, has_until;
    int64_t since_ms, until_ms;
    const char *zone_name;          /* --tz (NULL: UTC) */
    const char *since, *until;      /* the bounds as the report shows them */
    const char *const *where;       /* "COL=V" / "COL!=V" */
    size_t nwhere;
};

/* A state read back. */
struct cx_state {
    const char *source;             /* where it was read ("display") */
    struct cx_report rep;           /* inputs, keys and states, no results */
    struct cx_state_opts opts;
    char *options_json;             /* the shaping options, for comparing */
    struct cx_input_stats *inputs;  /* in rep.arena */
};


/* Write rep's states (not its results) with the options o. */
enum cx_status cx_write_state(const struct cx_report *rep,
                              const struct cx_state_opts *o, FILE *out,
                              struct cx_error *err);

/*
 * Read the state that text[0..len) starts with (`display` names it in
 * messages) into st, and the bytes it took into *used (states follow one
 * another in a file, one per line as written); *used is 0 when the text
 * is not JSON, or not all of it yet.  Release st with cx_state_release,
 * also on failure.
 */
enum cx_status cx_read_state(const char *text, size_t len,
                             const char *display, struct cx_state *st,
                             size_t *used, struct cx_error *err);
void cx_state_release(struct cx_state *st);

/*
 * Whether two states' options_json are the same; if not, the first
 * difference is described in msg ("--by is [\"region\"] in this state
 * and [\"channel\"] in that one": a's value, then b's).
 */
bool cx_state_same_options(const char *a, const char *b, char *msg,
                           size_t size);

#endif
