/*
 * sniff.h - what the first rows of a survey score column say about it:
 * whether it holds answer labels (and of which scale), and whether it is a
 * score at all (a 0/1 or yes/no column is a flag, not a 0-10 answer).
 *
 * The loader asks this of every NPS, CSAT and CES column from the rows it
 * reads ahead (SNIFF_ROWS), and `columns` shows the same verdict.
 */
#ifndef CXCALC_SNIFF_H
#define CXCALC_SNIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxcalc/labels.h"
#include "cxcalc/reader.h"
#include "cxcalc/roles.h"

/* How many data rows are read ahead to decide, and how many answers a
 * column needs among them before it is refused. */
#define CX_SNIFF_ROWS 1000
#define CX_SNIFF_MIN 10

struct cx_score_sniff {
    uint64_t nonempty;      /* values looked at (not missing) */
    const struct cx_label_map *map;     /* read through it; NULL: none */
    bool flag;              /* every value is 0/1, yes/no, true/false */
    bool unfit;             /* CSAT: at most a quarter of the values fit
                               a supported scale (0-10, good/bad) */
    bool scale_mismatch;    /* labels of a scale of other points than the
                               metric's (map says which) */
    char values[160];       /* what the values look like, for messages:
                               "'0': 1530, '1': 734" */
};

/*
 * Look at field `field` of rows[0..nrows) as role `role`'s column, whose
 * scores run lo..hi.  `user` (may be NULL) is the role's --labels map,
 * which is always taken.  Rows too short for the field are passed over.
 */
void cx_score_sniff(enum cx_role role, int lo, int hi,
                    const struct cx_label_map *user,
                    const struct cx_record *rows, size_t nrows, size_t field,
                    struct cx_score_sniff *out);

/* Why an automatically found column is not taken for its role ("holds
 * only 0/1 or yes/no values: a flag, not a 0-10 score"), or NULL when it
 * fits; written into buf. */
const char *cx_score_sniff_refusal(const struct cx_score_sniff *s,
                                   int lo, int hi, char *buf, size_t size);

/* The score of label index i of map m on a scale starting at lo (user
 * maps: the value given); with `reversed` (CES, low is easy) counted from
 * the other end. */
int cx_label_score(const struct cx_label_map *m, long i, int lo,
                   bool reversed);

#endif
