/*
 * labels.h - answer labels as scores: the standard English scales
 * (satisfaction, agreement, ease) and maps a user gives with --labels.
 *
 * A label is compared as header names are (cx_normalise: any case, blanks
 * and '-' as '_'), so "Strongly  agree" and "strongly-agree" are one label.
 * A built-in map gives each label its place on its scale (1..points, the
 * most favourable last); one place may have several spellings ("Neutral",
 * "Neither agree nor disagree").  A user map gives each label its value.
 */
#ifndef CXCALC_LABELS_H
#define CXCALC_LABELS_H

#include <stdbool.h>
#include <stddef.h>

#include "cxcalc/arena.h"
#include "cxcalc/error.h"
#include "cxcalc/roles.h"

struct cx_label {
    const char *text;       /* normalised */
    int value;
};

struct cx_label_map {
    const char *name;       /* "satisfaction-5", ..., "custom" */
    int points;             /* scale points; 0 for a user map */
    const struct cx_label *labels;
    size_t n;
};

/* The built-in maps a score role's column may hold, NULL-terminated (NPS:
 * none; its "10 - Extremely likely" answers are scores already). */
const struct cx_label_map *const *cx_label_maps(enum cx_role role);

/* The label s[0..len) in map m: its index in m->labels, or -1. */
long cx_label_find(const struct cx_label_map *m, const char *s, size_t len);

/*
 * A user map from --labels: "Poor:1,Fair:2,Good:3" (each label up to its
 * last ':'), or the name of a CSV file of `label,value` rows (a first row
 * whose value is not a number is a header).  Labels and the map live in
 * arena a.  A malformed map is a CX_ERR_USAGE error.
 */
enum cx_status cx_label_map_parse(const char *spec, struct cx_arena *a,
                                  struct cx_label_map *out,
                                  struct cx_error *err);

#endif
