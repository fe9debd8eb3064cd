/* valgrind_scale.h - the randomized unit tests (test_fastpath,
 * test_reader_blocks, test_split) do a tenth of their work under valgrind
 * (.ci/run runs every tests/test_* under memcheck, some 50 times slower),
 * when valgrind's client header is there to tell. */
#ifndef CXCALC_VALGRIND_SCALE_H
#define CXCALC_VALGRIND_SCALE_H

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define CX_UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef CX_UNDER_VALGRIND
#define CX_UNDER_VALGRIND() 0
#endif

#endif
