/* clvmodel.c - BG/NBD and Gamma-Gamma (see clvmodel.h).
 *
 * Fader, Hardie & Lee (2005), "Counting your customers the easy way",
 * Marketing Science 24(2); Fader & Hardie (2013), "The Gamma-Gamma model
 * of monetary value"; the stable form of the BG/NBD likelihood follows
 * Hardie's note 027. */
#include "metrics/clvmodel.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

double cx_hyp2f1(double a, double b, double c, double z)
{
    if (!(z >= 0 && z < 1))
        return NAN;
    /* Euler: 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a,c-b;c;z).  Its series
     * has smaller terms when c-a and c-b are smaller than a and b. */
    double scale = 1;
    if (z > 0.5 && fabs(c - a) + fabs(c - b) < fabs(a) + fabs(b)) {
        scale = pow(1 - z, c - a - b);
        double na = c - a, nb = c - b;
        a = na;
        b = nb;
    }
    double term = 1, sum = 1;
    for (int j = 0; j < 1000000; j++) {
        term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
        sum += term;
        if (fabs(term) <= 1e-16 * fabs(sum))
            return scale * sum;
    }
    return NAN;
}

double cx_bgnbd_ll(const struct cx_bgnbd *p, double x, double tx, double T)
{
    double r = p->r, al = p->alpha, a = p->a, b = p->b;
    double a1 = lgamma(r + x) - lgamma(r) + r * log(al);
    double a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
    double a3 = -(r + x) * log(al + T);
    if (x <= 0)
        return a1 + a2 + a3;
    double a4 = log(a) - log(b + x - 1) - (r + x) * log(al + tx);
    double hi = a3 > a4 ? a3 : a4, lo = a3 > a4 ? a4 : a3;
    return a1 + a2 + hi + log1p(exp(lo - hi));
}

double cx_bgnbd_expected(const struct cx_bgnbd *p, double t)
{
    double r = p->r, al = p->alpha, a = p->a, b = p->b;
    return (a + b - 1) / (a - 1)
           * (1 - pow(al / (al + t), r)
                      * cx_hyp2f1(r, b, a + b - 1, t / (al + t)));
}

/* The denominator of E[Y] and P(alive): 1 + a/(b+x-1) ((α+T)/(α+t_x))^(r+x). */
static double alive_denominator(const struct cx_bgnbd *p, double x,
                                double tx, double T)
{
    if (x <= 0)
        return 1;
    return 1 + p->a / (p->b + x - 1)
                   * exp((p->r + x) * (log(p->alpha + T)
                                       - log(p->alpha + tx)));
}

double cx_bgnbd_conditional(const struct cx_bgnbd *p, double t, double x,
                            double tx, double T)
{
    double r = p->r, al = p->alpha, a = p->a, b = p->b;
    double head = (a + b + x - 1) / (a - 1);
    double tail = 1 - exp((r + x) * (log(al + T) - log(al + T + t)))
                          * cx_hyp2f1(r + x, b + x, a + b + x - 1,
                                      t / (al + T + t));
    return head * tail / alive_denominator(p, x, tx, T);
}

double cx_bgnbd_alive(const struct cx_bgnbd *p, double x, double tx,
                      double T)
{
    return 1 / alive_denominator(p, x, tx, T);
}

double cx_gg_ll(const struct cx_gg *p, double x, double m)
{
    double px = p->p * x, q = p->q, g = p->gamma;
    return lgamma(px + q) - lgamma(px) - lgamma(q) + q * log(g)
           + (px - 1) * log(m) + px * log(x) - (px + q) * log(g + m * x);
}

double cx_gg_expected(const struct cx_gg *p, double x, double m)
{
    double px = p->p * x;
    return (p->gamma + m * x) * p->p / (px + p->q - 1);
}

/* ---- Nelder–Mead over log-parameters ---------------------------------- */

typedef double (*objective)(const double *logp, const void *ctx);

struct data {
    const struct cx_rfm *c;
    const double *weight;       /* customers with that summary, or NULL */
    size_t n;
    /* BG/NBD: the distinct times, and each summary's index into them, so
     * that an evaluation takes each log(alpha + t) once */
    const double *times;
    size_t ntimes;
    const uint32_t *ti_T, *ti_tx;
    double *log_at;             /* scratch: log(alpha + times[k]) */
};

/* The BG/NBD likelihood of the distinct summaries (sorted by x), with the
 * terms that depend on x alone computed once per x and log(alpha + t) once
 * per time: the same sum as cx_bgnbd_ll over the customers. */
static double neg_ll_bgnbd(const double *lp, const void *ctx)
{
    const struct data *d = ctx;
    double r = exp(lp[0]), al = exp(lp[1]), a = exp(lp[2]), b = exp(lp[3]);
    for (size_t k = 0; k < d->ntimes; k++)
        d->log_at[k] = log(al + d->times[k]);
    double s = 0, x = -1, head = 0, lnab = 0;
    double base = -lgamma(r) + r * log(al) + lgamma(a + b) - lgamma(b);
    for (size_t i = 0; i < d->n; i++) {
        const struct cx_rfm *c = &d->c[i];
        if (c->x != x) {
            x = c->x;
            head = base + lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x);
            lnab = x > 0 ? log(a) - log(b + x - 1) : 0;
        }
        double a3 = -(r + x) * d->log_at[d->ti_T[i]];
        double ll = a3;
        if (x > 0) {
            double a4 = lnab - (r + x) * d->log_at[d->ti_tx[i]];
            double hi = a3 > a4 ? a3 : a4, lo = a3 > a4 ? a4 : a3;
            ll = hi + log1p(exp(lo - hi));
        }
        s += d->weight[i] * (head + ll);
    }
    return isfinite(s) ? -s : INFINITY;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* The index of t among the sorted distinct times. */
static uint32_t time_index(const double *times, size_t n, double t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (times[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

static int cmp_rfm(const void *pa, const void *pb)
{
    const struct cx_rfm *a = pa, *b = pb;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    if (a->tx != b->tx)
        return a->tx < b->tx ? -1 : 1;
    if (a->T != b->T)
        return a->T < b->T ? -1 : 1;
    return 0;
}

static double neg_ll_gg(const double *lp, const void *ctx)
{
    const struct data *d = ctx;
    struct cx_gg p = {exp(lp[0]), exp(lp[1]), exp(lp[2])};
    double s = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->c[i].x > 0 && d->c[i].m > 0)
            s += cx_gg_ll(&p, d->c[i].x, d->c[i].m);
    return isfinite(s) ? -s : INFINITY;
}

#define NM_MAX 4
/* Per run; a likelihood so flat that the simplex still moves after this
 * many steps (a parameter drifting to 0 or infinity) is reported as not
 * converged rather than chased further. */
#define NM_ITERATIONS 3000

/* Minimise f from x (n <= NM_MAX dimensions); x gets the minimum.  Returns
 * the iterations used, negative when the iteration limit was hit. */
static int nelder_mead(objective f, const void *ctx, double *x, int n,
                       double *fmin)
{
    double s[NM_MAX + 1][NM_MAX], fs[NM_MAX + 1];
    for (int i = 0; i <= n; i++) {
        for (int j = 0; j < n; j++)
            s[i][j] = x[j] + (i == j + 1 ? 0.5 : 0);
        fs[i] = f(s[i], ctx);
    }
    int it;
    for (it = 0; it < NM_ITERATIONS; it++) {
        /* order: best first */
        for (int i = 1; i <= n; i++)
            for (int k = i; k > 0 && fs[k] < fs[k - 1]; k--) {
                double tf = fs[k];
                fs[k] = fs[k - 1];
                fs[k - 1] = tf;
                for (int j = 0; j < n; j++) {
                    double t = s[k][j];
                    s[k][j] = s[k - 1][j];
                    s[k - 1][j] = t;
                }
            }
        double spread = 0;
        for (int i = 1; i <= n; i++)
            for (int j = 0; j < n; j++)
                spread = fmax(spread, fabs(s[i][j] - s[0][j]));
        if (fabs(fs[n] - fs[0]) <= 1e-12 * (1 + fabs(fs[0]))
            || spread < 1e-9)
            break;
        double cen[NM_MAX] = {0}, xr[NM_MAX], xe[NM_MAX], xc[NM_MAX];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                cen[j] += s[i][j] / n;
        for (int j = 0; j < n; j++)
            xr[j] = cen[j] + (cen[j] - s[n][j]);
        double fr = f(xr, ctx);
        if (fr < fs[0]) {
            for (int j = 0; j < n; j++)
                xe[j] = cen[j] + 2 * (cen[j] - s[n][j]);
            double fe = f(xe, ctx);
            const double *take = fe < fr ? xe : xr;
            for (int j = 0; j < n; j++)
                s[n][j] = take[j];
            fs[n] = fe < fr ? fe : fr;
        } else if (fr < fs[n - 1]) {
            for (int j = 0; j < n; j++)
                s[n][j] = xr[j];
            fs[n] = fr;
        } else {
            /* contract towards the reflected point or the worst one */
            bool outside = fr < fs[n];
            for (int j = 0; j < n; j++)
                xc[j] = cen[j] + 0.5 * ((outside ? xr[j] : s[n][j]) - cen[j]);
            double fc = f(xc, ctx);
            if (fc < (outside ? fr : fs[n])) {
                for (int j = 0; j < n; j++)
                    s[n][j] = xc[j];
                fs[n] = fc;
            } else {
                for (int i = 1; i <= n; i++) {
                    for (int j = 0; j < n; j++)
                        s[i][j] = s[0][j] + 0.5 * (s[i][j] - s[0][j]);
                    fs[i] = f(s[i], ctx);
                }
            }
        }
    }
    for (int j = 0; j < n; j++)
        x[j] = s[0][j];
    *fmin = fs[0];
    return it < NM_ITERATIONS ? it : -it;
}

/* The best of several starts, each polished by a restart from its end. */
static bool fit(objective f, const void *ctx, int n,
                const double starts[][NM_MAX], int nstarts, double *best,
                struct cx_fit_info *info)
{
    double fbest = INFINITY;
    int iters = 0;
    bool converged = false;
    for (int k = 0; k < nstarts; k++) {
        double x[NM_MAX], fx;
        for (int j = 0; j < n; j++)
            x[j] = starts[k][j];
        int it1 = nelder_mead(f, ctx, x, n, &fx);
        int it2 = nelder_mead(f, ctx, x, n, &fx);
        iters += abs(it1) + abs(it2);
        if (fx < fbest) {
            fbest = fx;
            for (int j = 0; j < n; j++)
                best[j] = x[j];
            converged = it2 >= 0;
        }
    }
    info->loglik = -fbest;
    info->iterations = iters;
    info->converged = converged && isfinite(fbest);
    return isfinite(fbest);
}

bool cx_bgnbd_fit(const struct cx_rfm *c, size_t n, struct cx_bgnbd *out,
                  struct cx_fit_info *info)
{
    static const double starts[][NM_MAX] = {
        {0, 0, 0, 0}, {-1, 1, -0.5, 0.5}, {0.5, 2, 0.5, 1.5}};
    /* Customers with the same (x, t_x, T) have the same likelihood: fit
     * on the distinct summaries with their counts as weights (a log of a
     * million customers has far fewer distinct summaries). */
    struct cx_rfm *u = cx_malloc((n ? n : 1) * sizeof *u);
    double *w = cx_malloc((n ? n : 1) * sizeof *w);
    if (!u || !w) {
        cx_free(u);
        cx_free(w);
        return false;
    }
    memcpy(u, c, n * sizeof *u);
    qsort(u, n, sizeof *u, cmp_rfm);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && cmp_rfm(&u[k - 1], &u[i]) == 0) {
            w[k - 1] += 1;
            continue;
        }
        u[k] = u[i];
        w[k++] = 1;
    }
    double *times = cx_malloc((2 * k + 1) * sizeof *times);
    double *log_at = cx_malloc((2 * k + 1) * sizeof *log_at);
    uint32_t *ti = cx_malloc((2 * k + 1) * sizeof *ti);
    bool ok = times && log_at && ti;
    size_t nt = 0;
    if (ok) {
        for (size_t i = 0; i < k; i++) {
            times[nt++] = u[i].T;
            times[nt++] = u[i].tx;
        }
        qsort(times, nt, sizeof *times, cmp_double);
        size_t m = 0;
        for (size_t i = 0; i < nt; i++)
            if (!m || times[i] != times[m - 1])
                times[m++] = times[i];
        nt = m;
        for (size_t i = 0; i < k; i++) {
            ti[i] = time_index(times, nt, u[i].T);
            ti[k + i] = time_index(times, nt, u[i].tx);
        }
    }
    struct data d = {u, w, k, times, nt, ti, ti + k, log_at};
    double lp[NM_MAX] = {0};
    ok = ok && fit(neg_ll_bgnbd, &d, 4, starts, 3, lp, info);
    cx_free(u);
    cx_free(w);
    cx_free(times);
    cx_free(log_at);
    cx_free(ti);
    if (!ok)
        return false;
    *out = (struct cx_bgnbd){exp(lp[0]), exp(lp[1]), exp(lp[2]),
                             exp(lp[3])};
    return true;
}

bool cx_gg_fit(const struct cx_rfm *c, size_t n, struct cx_gg *out,
               struct cx_fit_info *info)
{
    static const double starts[][NM_MAX] = {
        {0, 0, 0}, {1, 1, 2}, {2, 0.5, 3}};
    struct data d = {c, NULL, n, NULL, 0, NULL, NULL, NULL};
    double lp[NM_MAX] = {0};
    if (!fit(neg_ll_gg, &d, 3, starts, 3, lp, info))
        return false;
    *out = (struct cx_gg){exp(lp[0]), exp(lp[1]), exp(lp[2])};
    return true;
}
