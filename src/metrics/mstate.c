/* mstate.c - a metric's mergeable state and its result (see metrics.h). */
#include "cxcalc/metrics.h"

const char *cx_mkind_name(enum cx_mkind k)
{
    static const char *const names[] = {NULL, "nps", "csat", "ces", "aht",
                                        "fcr", "churn", "churn", "clv"};
    return k <= CX_MK_CLV ? names[k] : NULL;
}

int cx_mstate_merge(struct cx_mstate *into, const struct cx_mstate *from,
                    struct cx_arena *arena)
{
    if (into->kind != from->kind)
        return 1;
    switch (into->kind) {
    case CX_MK_NPS:
        cx_nps_merge(&into->u.nps, &from->u.nps);
        break;
    case CX_MK_CSAT:
        cx_csat_merge(&into->u.csat, &from->u.csat);
        break;
    case CX_MK_CES:
        cx_ces_merge(&into->u.ces, &from->u.ces);
        break;
    case CX_MK_AHT: {
        /* Millisecond sums of states read from files could pass 2^63. */
        const struct cx_aht_acc *a = &into->u.aht.acc, *b = &from->u.aht.acc;
        int64_t t;
        if (__builtin_add_overflow(a->sum_ms, b->sum_ms, &t)
            || __builtin_add_overflow(a->talk_ms, b->talk_ms, &t)
            || __builtin_add_overflow(a->hold_ms, b->hold_ms, &t)
            || __builtin_add_overflow(a->acw_ms, b->acw_ms, &t))
            return 2;
        cx_aht_merge(&into->u.aht.acc, &from->u.aht.acc);
        /* A part without a talk column adds zeros to the talk sum, as
         * its rows do in one run over all parts. */
        into->u.aht.o.has_talk |= from->u.aht.o.has_talk;
        into->u.aht.o.has_hold |= from->u.aht.o.has_hold;
        into->u.aht.o.has_acw |= from->u.aht.o.has_acw;
        if (cx_sketch_merge(&into->u.aht.sketch, &into->u.aht.sketch,
                            &from->u.aht.sketch, arena) != 0)
            return -1;
        break;
    }
    case CX_MK_FCR:
        if (into->u.fcr.repeat != from->u.fcr.repeat)
            return 1;
        cx_fcr_merge(&into->u.fcr.acc, &from->u.fcr.acc);
        break;
    case CX_MK_CHURN:
        cx_churn_merge(&into->u.churn.acc, &from->u.churn.acc);
        into->u.churn.has_tenure |= from->u.churn.has_tenure;
        break;
    case CX_MK_EVENTS:
        /* A customer still active counts in every month up to the end of
         * the range: parts whose ranges end apart do not add up. */
        if (into->u.events.last_month != from->u.events.last_month)
            return 1;
        cx_events_merge(&into->u.events.acc, &from->u.events.acc);
        break;
    case CX_MK_CLV:
        if (into->u.clv.churn != from->u.clv.churn
            || (into->u.clv.churn == CX_CLV_CHURN_EVENTS
                && into->u.clv.last_month != from->u.clv.last_month))
            return 1;
        cx_clv_merge(&into->u.clv.acc, &from->u.clv.acc);
        cx_churn_merge(&into->u.clv.snap, &from->u.clv.snap);
        cx_events_merge(&into->u.clv.ev, &from->u.clv.ev);
        break;
    case CX_MK_NONE:
        break;
    }
    return 0;
}

void cx_mstate_finish(const struct cx_mstate *s,
                      const struct cx_finish_opts *o,
                      const int64_t *sorted_ms, struct cx_metric_result *out)
{
    switch (s->kind) {
    case CX_MK_NPS: {
        struct cx_nps_opts no = {o->nps_weighted, o->z};
        cx_nps_finish(&s->u.nps, &no, out);
        break;
    }
    case CX_MK_CSAT:
        cx_csat_finish(&s->u.csat, &o->csat, out);
        break;
    case CX_MK_CES:
        cx_ces_finish(&s->u.ces, &o->ces, out);
        break;
    case CX_MK_AHT:
        cx_aht_finish(&s->u.aht.acc, &s->u.aht.o, sorted_ms,
                      &s->u.aht.sketch, out);
        break;
    case CX_MK_FCR: {
        struct cx_fcr_opts fo = {s->u.fcr.repeat, o->z};
        cx_fcr_finish(&s->u.fcr.acc, &fo, out);
        break;
    }
    case CX_MK_CHURN:
        cx_churn_finish(&s->u.churn.acc, s->u.churn.has_tenure, out);
        break;
    case CX_MK_EVENTS:
        cx_events_finish(&s->u.events.acc, out);
        break;
    case CX_MK_CLV: {
        double rate = 0;
        bool ok = false;
        if (o->has_churn_rate) {
            rate = o->churn_rate;
            ok = true;
        } else if (s->u.clv.churn == CX_CLV_CHURN_SNAPSHOT) {
            ok = cx_churn_monthly(&s->u.clv.snap, &rate);
        } else if (s->u.clv.churn == CX_CLV_CHURN_EVENTS) {
            ok = cx_events_monthly(&s->u.clv.ev, &rate);
        }
        cx_clv_finish(&s->u.clv.acc, &o->clv, ok, rate, out);
        break;
    }
    case CX_MK_NONE:
        cx_result_init(out, "none");
        break;
    }
}
