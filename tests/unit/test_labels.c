/* test_labels.c - answer labels (labels.c, labelmap.c) and what a score
 * column's first values say of it (sniff.c), on hand-made columns. */
#include <stdio.h>
#include <string.h>

#include "cxcalc/labels.h"
#include "table/sniff.h"
#include "test_util.h"

/* Rows of one field each, from texts. */
struct column {
    struct cx_field_view f[64];
    struct cx_record r[64];
    size_t n;
};

static void make_column(struct column *c, const char *const *values,
                        size_t n)
{
    c->n = n;
    for (size_t i = 0; i < n; i++) {
        c->f[i] = (struct cx_field_view){values[i], strlen(values[i])};
        c->r[i] = (struct cx_record){&c->f[i], 1, i + 2};
    }
}

static void sniff(enum cx_role role, int lo, int hi,
                  const struct cx_label_map *user, const char *const *values,
                  size_t n, struct cx_score_sniff *s)
{
    struct column c;
    make_column(&c, values, n);
    cx_score_sniff(role, lo, hi, user, c.r, c.n, 0, s);
}

#define N(a) (sizeof a / sizeof a[0])

static const struct cx_label_map *builtin(enum cx_role role,
                                          const char *name)
{
    for (const struct cx_label_map *const *m = cx_label_maps(role); *m; m++)
        if (strcmp((*m)->name, name) == 0)
            return *m;
    return NULL;
}

static void test_find_normalises(void **state)
{
    (void)state;
    const struct cx_label_map *m = builtin(CX_ROLE_CSAT, "agreement-5");
    assert_non_null(m);
    const char *same[] = {"Strongly agree", "STRONGLY AGREE",
                          " strongly  agree ", "strongly-agree"};
    for (size_t i = 0; i < N(same); i++) {
        long k = cx_label_find(m, same[i], strlen(same[i]));
        assert_true(k >= 0);
        assert_int_equal(cx_label_score(m, k, 1, false), 5);
        assert_int_equal(cx_label_score(m, k, 1, true), 1);
    }
    assert_true(cx_label_find(m, "agreed", 6) < 0);
    assert_null(builtin(CX_ROLE_NPS, "agreement-5"));
}

/* 0/1 answers are a flag; so are yes/no; ten are needed to say so. */
static void test_flag_column(void **state)
{
    (void)state;
    const char *bits[] = {"0", "1", "1", "0", "", "1", "0", "0", "1", "1",
                          "0"};
    struct cx_score_sniff s;
    sniff(CX_ROLE_NPS, 0, 10, NULL, bits, N(bits), &s);
    assert_true(s.flag);
    assert_int_equal(s.nonempty, 10);
    char why[300];
    assert_non_null(cx_score_sniff_refusal(&s, 0, 10, why, sizeof why));
    assert_non_null(strstr(why, "'0': 5, '1': 5"));
    sniff(CX_ROLE_NPS, 0, 10, NULL, bits, N(bits) - 1, &s);  /* 9 answers */
    assert_false(s.flag);
    const char *words[] = {"yes", "No", "Y", "n", "true", "false", "yes",
                           "no", "yes", "yes"};
    sniff(CX_ROLE_CES, 1, 7, NULL, words, N(words), &s);
    assert_true(s.flag);
    const char *scores[] = {"0", "1", "1", "0", "2", "1", "0", "0", "1",
                            "1"};
    sniff(CX_ROLE_NPS, 0, 10, NULL, scores, N(scores), &s);
    assert_false(s.flag);
    assert_null(cx_score_sniff_refusal(&s, 0, 10, why, sizeof why));
}

/* Percentages fit no CSAT scale; a few wild values among scores do. */
static void test_unfit_csat(void **state)
{
    (void)state;
    const char *pct[] = {"55", "60", "72", "80", "91", "100", "38", "7",
                         "64", "70"};
    struct cx_score_sniff s;
    sniff(CX_ROLE_CSAT, 1, 5, NULL, pct, N(pct), &s);
    assert_true(s.unfit);
    sniff(CX_ROLE_NPS, 0, 10, NULL, pct, N(pct), &s);
    assert_false(s.unfit);                  /* CSAT only */
    const char *mostly[] = {"5", "4", "55", "3", "x", "2", "1", "4", "5",
                            "good"};
    sniff(CX_ROLE_CSAT, 1, 5, NULL, mostly, N(mostly), &s);
    assert_false(s.unfit);
}

/* The metric's own number of points is preferred; two labels for one
 * place rule a map out; labels of a scale of other points are flagged. */
static void test_map_choice(void **state)
{
    (void)state;
    struct cx_score_sniff s;
    const char *three[] = {"Dissatisfied", "Neutral", "Satisfied"};
    sniff(CX_ROLE_CSAT, 1, 5, NULL, three, N(three), &s);
    assert_non_null(s.map);
    assert_string_equal(s.map->name, "satisfaction-5");
    assert_false(s.scale_mismatch);
    const char *seven[] = {"Satisfied", "Somewhat satisfied",
                           "Very satisfied"};
    sniff(CX_ROLE_CSAT, 1, 5, NULL, seven, N(seven), &s);
    assert_string_equal(s.map->name, "satisfaction-7");
    assert_true(s.scale_mismatch);
    sniff(CX_ROLE_CSAT, 1, 7, NULL, seven, N(seven), &s);
    assert_string_equal(s.map->name, "satisfaction-7");
    assert_false(s.scale_mismatch);
    const char *agree[] = {"Agree", "Strongly agree", "Disagree"};
    sniff(CX_ROLE_CES, 1, 7, NULL, agree, N(agree), &s);
    assert_string_equal(s.map->name, "agreement-7");
    sniff(CX_ROLE_CES, 1, 5, NULL, agree, N(agree), &s);
    assert_string_equal(s.map->name, "agreement-5");
    /* a number among the labels: not a label column */
    const char *mixed[] = {"Agree", "4", "Disagree"};
    sniff(CX_ROLE_CSAT, 1, 5, NULL, mixed, N(mixed), &s);
    assert_null(s.map);
    const char *other[] = {"Poor", "Good"};
    sniff(CX_ROLE_CSAT, 1, 5, NULL, other, N(other), &s);
    assert_null(s.map);
}

static void test_user_map(void **state)
{
    (void)state;
    struct cx_arena a;
    struct cx_error err;
    struct cx_label_map m;
    cx_arena_init(&a, 1024);
    assert_int_equal(cx_label_map_parse("Poor:1, Fair :2,Good:4,Ex:cellent:5",
                                        &a, &m, &err), CX_OK);
    assert_int_equal(m.n, 4);
    assert_int_equal(m.points, 0);
    long k = cx_label_find(&m, "ex:cellent", 10);
    assert_true(k >= 0);
    assert_int_equal(cx_label_score(&m, k, 1, true), 5);  /* as given */
    k = cx_label_find(&m, "FAIR", 4);
    assert_int_equal(cx_label_score(&m, k, 1, false), 2);
    const char *bad[] = {"Poor", "Poor:", "Poor:x", "Poor:1,Poor:2",
                         "Poor:101", "Poor:-1", ":3"};
    for (size_t i = 0; i < N(bad); i++) {
        struct cx_label_map b;
        if (cx_label_map_parse(bad[i], &a, &b, &err) != CX_ERR_USAGE)
            fail_msg("'%s' should be refused", bad[i]);
    }
    /* the user's map is taken whatever the values look like */
    const char *bits[] = {"1", "0", "1", "0", "1", "0", "1", "0", "1", "0"};
    struct cx_score_sniff s;
    sniff(CX_ROLE_NPS, 0, 10, &m, bits, N(bits), &s);
    assert_ptr_equal(s.map, &m);
    cx_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_normalises),
        cmocka_unit_test(test_flag_column),
        cmocka_unit_test(test_unfit_csat),
        cmocka_unit_test(test_map_choice),
        cmocka_unit_test(test_user_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
