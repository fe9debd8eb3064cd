/* test_util.h - shared helpers for the cmocka unit tests. */
#ifndef CXCALC_TEST_UTIL_H
#define CXCALC_TEST_UTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

/* cmocka 1.1 compares only integers and floats: doubles need this. */
#define assert_close(actual, expected, tol)                                   \
    do {                                                                      \
        double a_ = (actual), e_ = (expected);                                \
        if (!(fabs(a_ - e_) <= (tol)))                                        \
            fail_msg("%s = %.17g, expected %.17g (tolerance %g)", #actual,    \
                     a_, e_, (double)(tol));                                  \
    } while (0)

#endif
