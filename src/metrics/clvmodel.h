/*
 * clvmodel.h - the predictive CLV models: BG/NBD for purchase counts and
 * Gamma-Gamma for spend (Fader, Hardie & Lee 2005), fitted by maximum
 * likelihood on per-customer summaries (x repeat purchases, t_x recency, T
 * age, all in one time unit; m the mean repeat spend).  Pure functions;
 * only the fits allocate (and free) working memory.
 */
#ifndef CXCALC_CLVMODEL_H
#define CXCALC_CLVMODEL_H

#include <stdbool.h>
#include <stddef.h>

struct cx_rfm {
    double x, tx, T;        /* repeat purchases, last - first, end - first */
    double m;               /* mean spend of the repeat purchases (x > 0) */
};

struct cx_bgnbd {
    double r, alpha, a, b;
};

struct cx_gg {
    double p, q, gamma;
};

/* The Gaussian hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1,
 * by its series, through the Euler transform when that converges faster.
 * NaN when it does not converge. */
double cx_hyp2f1(double a, double b, double c, double z);

/* BG/NBD log-likelihood of one customer, in log-sum-exp form (FHL 2005
 * eq. 6), finite for hundreds of purchases. */
double cx_bgnbd_ll(const struct cx_bgnbd *p, double x, double tx, double T);

/* E[X(t)]: expected purchases of a new customer in t (FHL 2005 eq. 7). */
double cx_bgnbd_expected(const struct cx_bgnbd *p, double t);

/* E[Y(t) | x, t_x, T]: expected purchases in the next t (eq. 10). */
double cx_bgnbd_conditional(const struct cx_bgnbd *p, double t, double x,
                            double tx, double T);

/* P(alive | x, t_x, T). */
double cx_bgnbd_alive(const struct cx_bgnbd *p, double x, double tx,
                      double T);

/* Gamma-Gamma log-likelihood of a customer with x > 0 repeat purchases of
 * mean value m (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary
 * Value", eq. 1 without the constant). */
double cx_gg_ll(const struct cx_gg *p, double x, double m);

/* E[M | x, m]: expected mean spend; for x = 0 the population mean
 * p gamma / (q - 1).  Needs q > 1. */
double cx_gg_expected(const struct cx_gg *p, double x, double m);

struct cx_fit_info {
    double loglik;
    int iterations;
    bool converged;
};

/* Maximum-likelihood fits (Nelder–Mead on log-parameters from several
 * starts).  Return false when no start gave a finite likelihood (or out of
 * memory). */
bool cx_bgnbd_fit(const struct cx_rfm *c, size_t n, struct cx_bgnbd *out,
                  struct cx_fit_info *info);
/* Fitted on the customers with x > 0. */
bool cx_gg_fit(const struct cx_rfm *c, size_t n, struct cx_gg *out,
               struct cx_fit_info *info);

#endif
