/*
 * slots.h - a metric's accumulators in a run, one per grouper slot and one
 * for the overall scope, for metrics whose accumulator is the start of
 * their member of the state's union (NPS, CSAT, CES, FCR, abandon): the
 * job's plumbing (merge, finish, release) is shared, accumulators merge by
 * the state's members (registry.h), and a metric writes only its columns
 * and its row loop.
 */
#ifndef CXCALC_SLOTS_H
#define CXCALC_SLOTS_H

#include <stddef.h>
#include <stdint.h>

#include "cxcalc/registry.h"
#include "cxcalc/table.h"

/* A job's priv: the accumulators, and the metric's columns. */
struct cx_slot_job {
    size_t size;                /* bytes of one accumulator */
    /* the state of one scope's accumulator (NULL: a state of the metric's
     * kind whose union member starts with the accumulator) */
    void (*state)(const struct cx_job *j, const void *acc,
                  struct cx_mstate *st);
    unsigned char *all;         /* the overall scope */
    unsigned char *at;          /* slot s at at + s * size */
    size_t n;                   /* slots with room (zeroed) */
    long col[4];                /* table columns, the metric's own use */
    void *own;                  /* more of the metric's own (its release
                                   frees it) */
};

/* j->priv = a new slot job of accumulators of `size` bytes. */
enum cx_status cx_slot_job_new(struct cx_job *j, size_t size,
                               struct cx_error *err);

/* A new slot job, whose column col[0] is the role's (of `kind`, scores
 * lo..hi), required unless `report`; NULL with err set otherwise. */
struct cx_slot_job *cx_slot_job_plan(struct cx_job *j, struct cx_table *t,
                                     size_t size, enum cx_role role,
                                     enum cx_col_kind kind, int lo, int hi,
                                     struct cx_error *err);

/* Room for slots [0, n); CX_ERR_NOMEM otherwise. */
enum cx_status cx_slot_job_room(struct cx_slot_job *s, size_t n,
                                struct cx_error *err);

static inline void *cx_slot_acc(const struct cx_slot_job *s, size_t slot)
{
    return s->at + slot * s->size;
}

/* The job hooks every slot job shares. */
enum cx_status cx_slot_job_merge(struct cx_job *into,
                                 const struct cx_job *from,
                                 const uint32_t *map, size_t nmap,
                                 struct cx_error *err);
enum cx_status cx_slot_job_finish(struct cx_job *j,
                                  const struct cx_table *t,
                                  const struct cx_job_out *out,
                                  struct cx_error *err);
void cx_slot_job_release(struct cx_job *j);

/* ready: CX_OK when column col[0] is in some input; else CX_DONE in
 * `report` (the metric is left out). */
enum cx_status cx_slot_job_ready(struct cx_job *j, const struct cx_table *t,
                                 struct cx_error *err);

/* A metric over one score column (CSAT, CES), the job_data of its
 * registry entry: its accumulator's size, the column's role and scale,
 * where the accumulator counts missing and invalid cells, and how a valid
 * score adds. */
struct cx_score_spec {
    size_t size;
    enum cx_role role;
    void (*scale)(const struct cx_metric_opts *o, int *lo, int *hi);
    size_t missing, invalid;    /* offsets of the uint64_t counts */
    void (*add)(void *acc, const struct cx_metric_opts *o, int score);
};

/* The job of a score metric. */
extern const struct cx_job_ops cx_score_job;

#endif
