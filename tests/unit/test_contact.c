/* test_contact.c - the contact-center rules of the metrics layer on their
 * own: which statuses are abandoned, and repeat-contact episodes
 * (cx_fcr_episodes) on hand-made contact logs. */
#include <string.h>

#include "cxcalc/metrics.h"
#include "metrics/contact.h"
#include "test_util.h"

static void test_abandoned_statuses(void **state)
{
    (void)state;
    const char *yes[] = {"abandoned", "Abandoned", "ABANDON", "missed",
                         "No Answer", "no-answer", " no_answer ", "HANG",
                         "hangup", "Hang Up", "hung-up", "PHANTOM",
                         "Unanswered", "dropped", "Voicemail", "TIMEOUT"};
    const char *no[] = {"completed", "handled", "answered", "abandoned call",
                        "", "no", "miss", "AGENT", "change", "drop"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!cx_status_abandoned(yes[i], strlen(yes[i])))
            fail_msg("'%s' should be abandoned", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (cx_status_abandoned(no[i], strlen(no[i])))
            fail_msg("'%s' should not be abandoned", no[i]);
}

static bool not_handled(const char *s, const struct cx_metric_opts *o)
{
    return cx_status_not_handled(s, strlen(s), o);
}

/* An answered flag's "no", the words, and the two options. */
static void test_not_handled(void **state)
{
    (void)state;
    struct cx_metric_opts o;
    cx_metric_opts_init(&o);
    const char *yes[] = {"N", "no", "False", "0", "hang", "Missed"};
    const char *no[] = {"Y", "yes", "TRUE", "1", "AGENT", "", "  ",
                        "completed"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!not_handled(yes[i], &o))
            fail_msg("'%s' should not be handled", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (not_handled(no[i], &o))
            fail_msg("'%s' should be handled", no[i]);
    o.abandoned = "queue timeout, Overflow";
    assert_true(not_handled("QUEUE-TIMEOUT", &o));
    assert_true(not_handled("overflow", &o));
    assert_false(not_handled("queue", &o));
    o.handled = "AGENT,Transferred";
    assert_false(not_handled("agent", &o));
    assert_false(not_handled("transferred", &o));
    assert_true(not_handled("PHANTOM", &o));
    assert_true(not_handled("Y", &o));      /* only the listed values */
    assert_false(not_handled("", &o));      /* empty: missing */
}

/* What cx_fcr_episodes reported: (first contact, contacts) in order. */
struct seen {
    size_t first[16];
    uint64_t contacts[16];
    size_t n;
};

static void episode(void *ctx, size_t first, uint64_t contacts)
{
    struct seen *s = ctx;
    assert_true(s->n < 16);
    s->first[s->n] = first;
    s->contacts[s->n++] = contacts;
}

/* Episode i was reported with its first contact and its contacts. */
static void expect(const struct seen *s, size_t i, size_t first,
                   uint64_t contacts)
{
    assert_true(i < s->n);
    assert_int_equal(s->first[i], first);
    assert_int_equal(s->contacts[i], contacts);
}

#define H (INT64_C(3600000))

/*
 * Customer 1: contacts at 0 h, 100 h, 168 h (7 days: inside the window
 * of the episode opened at 0 h) and 169 h (past it: a new episode).
 * Customer 2 (given first in the file): one contact.  In file order the
 * contacts are rows 0..4 = c2@5h, c1@100h, c1@0h, c1@169h, c1@168h.
 * By hand: c1's episodes are {0h, 100h, 168h} (first row 2, 3 contacts)
 * and {169h} (row 3, 1); c2's {5h} (row 0, 1); customers in id order.
 */
static void test_episodes_window(void **state)
{
    (void)state;
    const uint32_t customer[] = {2, 1, 1, 1, 1};
    const int64_t start[] = {5 * H, 100 * H, 0, 169 * H, 168 * H};
    struct cx_contact_log log = {customer, NULL, start};
    size_t idx[] = {0, 1, 2, 3, 4};
    struct seen s = {0};
    cx_fcr_episodes(&log, idx, 5, 168 * H, episode, &s);
    assert_int_equal(s.n, 3);
    expect(&s, 0, 2, 3);
    expect(&s, 1, 3, 1);
    expect(&s, 2, 0, 1);
}

/* Issues split a customer's contacts; equal start times keep file order
 * (the first in the file opens the episode). */
static void test_episodes_by_issue_and_ties(void **state)
{
    (void)state;
    const uint32_t customer[] = {7, 7, 7, 7};
    const uint32_t issue[] = {3, 4, 3, 3};
    const int64_t start[] = {10 * H, 10 * H, 10 * H, 500 * H};
    struct cx_contact_log log = {customer, issue, start};
    size_t idx[] = {3, 2, 1, 0};
    struct seen s = {0};
    cx_fcr_episodes(&log, idx, 4, 48 * H, episode, &s);
    /* issue 3: rows 0 and 2 at 10 h (one episode, first row 0), row 3 at
     * 500 h (another); issue 4: row 1 */
    assert_int_equal(s.n, 3);
    expect(&s, 0, 0, 2);
    expect(&s, 1, 3, 1);
    expect(&s, 2, 1, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abandoned_statuses),
        cmocka_unit_test(test_not_handled),
        cmocka_unit_test(test_episodes_window),
        cmocka_unit_test(test_episodes_by_issue_and_ties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
