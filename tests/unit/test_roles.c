/* test_roles.c - header normalisation and role detection (SPEC §1). */
#include <string.h>

#include "cxcalc/roles.h"
#include "test_util.h"

static void test_normalise(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"MonthlyCharges", "monthly_charges"}, {"customerID", "customer_id"},
        {" NPS Score ", "nps_score"}, {"NPSScore", "nps_score"},
        {"Likelihood-to-Recommend", "likelihood_to_recommend"},
        {"recorded.date", "recorded_date"}, {"RecordedDate", "recorded_date"},
        {"CSAT", "csat"}, {"ticket_id", "ticket_id"},
        {"Start Time", "start_time"}, {"a  -  b", "a_b"}, {"", ""}};
    char out[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cx_normalise(cases[i][0], strlen(cases[i][0]), out, sizeof out);
        assert_string_equal(out, cases[i][1]);
    }
}

static enum cx_status resolve(const char *const *names, size_t n,
                              uint32_t wanted, struct cx_role_match *m,
                              struct cx_error *err)
{
    return cx_roles_resolve(CX_TABLE_SURVEY, names, NULL, n, wanted, wanted, NULL,
                            0, "f.csv", m, err);
}

static void test_names_and_question_text(void **state)
{
    (void)state;
    const char *names[] = {"ResponseId", "How likely are you to recommend "
                           "us to a friend?", "Overall satisfaction",
                           "CES Score", "Q1_NPS_GROUP"};
    struct cx_role_match m[CX_ROLE_COUNT];
    struct cx_error err;
    uint32_t want = CX_ROLE_BIT(CX_ROLE_NPS) | CX_ROLE_BIT(CX_ROLE_CSAT)
                  | CX_ROLE_BIT(CX_ROLE_CES) | CX_ROLE_BIT(CX_ROLE_ID);
    assert_int_equal(resolve(names, 5, want, m, &err), CX_OK);
    assert_int_equal(m[CX_ROLE_NPS].column, 1);
    assert_int_equal(m[CX_ROLE_NPS].source, CX_SRC_QUESTION);
    assert_int_equal(m[CX_ROLE_CSAT].column, 2);   /* 'satisfaction' */
    assert_int_equal(m[CX_ROLE_CES].column, 3);
    assert_int_equal(m[CX_ROLE_ID].column, 0);
    assert_int_equal(m[CX_ROLE_DATE].column, -1);  /* not wanted */
}

static void test_ambiguous_role_names_both(void **state)
{
    (void)state;
    const char *names[] = {"id", "nps", "NPS Score"};
    struct cx_role_match m[CX_ROLE_COUNT];
    struct cx_error err;
    assert_int_equal(resolve(names, 3, CX_ROLE_BIT(CX_ROLE_NPS), m, &err),
                     CX_ERR_COLUMN);
    assert_non_null(strstr(err.msg, "'nps'"));
    assert_non_null(strstr(err.msg, "'NPS Score'"));
    assert_non_null(strstr(err.msg, "--col nps=NAME"));
}

static void test_unused_ambiguity_does_not_stop(void **state)
{
    (void)state;
    /* Qualtrics: StartDate, EndDate, RecordedDate; only nps is wanted. */
    const char *names[] = {"StartDate", "EndDate", "RecordedDate", "nps",
                           "date"};
    struct cx_role_match m[CX_ROLE_COUNT];
    struct cx_error err;
    assert_int_equal(resolve(names, 5, CX_ROLE_BIT(CX_ROLE_NPS), m, &err),
                     CX_OK);
    /* And the date role takes the first name of its ordered list. */
    assert_int_equal(resolve(names, 5, CX_ROLE_BIT(CX_ROLE_DATE), m, &err),
                     CX_OK);
    assert_int_equal(m[CX_ROLE_DATE].column, 2);
}

static void test_missing_role_lists_the_header(void **state)
{
    (void)state;
    const char *names[] = {"id", "rating"};
    struct cx_role_match m[CX_ROLE_COUNT];
    struct cx_error err;
    assert_int_equal(resolve(names, 2, CX_ROLE_BIT(CX_ROLE_NPS), m, &err),
                     CX_ERR_COLUMN);
    assert_non_null(strstr(err.msg, "columns are: 'id', 'rating'"));
    assert_string_equal(err.loc.file, "f.csv");
}

static void test_override_wins_and_must_exist(void **state)
{
    (void)state;
    const char *names[] = {"nps", "rating"};
    struct cx_role_match m[CX_ROLE_COUNT];
    struct cx_error err;
    struct cx_col_override ov = {true, CX_TABLE_SURVEY, CX_ROLE_NPS,
                                 "Rating"};
    assert_int_equal(cx_roles_resolve(CX_TABLE_SURVEY, names, NULL, 2,
                                      CX_ROLE_BIT(CX_ROLE_NPS), 0, &ov, 1,
                                      "f", m, &err), CX_OK);
    assert_int_equal(m[CX_ROLE_NPS].column, 1);    /* normalised match */
    assert_int_equal(m[CX_ROLE_NPS].source, CX_SRC_OPTION);
    ov.name = "score";
    assert_int_equal(cx_roles_resolve(CX_TABLE_SURVEY, names, NULL, 2,
                                      CX_ROLE_BIT(CX_ROLE_NPS), 0, &ov, 1,
                                      "f", m, &err), CX_ERR_COLUMN);
    /* an override for another table kind does not apply */
    ov = (struct cx_col_override){false, CX_TABLE_CUSTOMERS, CX_ROLE_NPS,
                                  "rating"};
    assert_int_equal(cx_roles_resolve(CX_TABLE_SURVEY, names, NULL, 2,
                                      CX_ROLE_BIT(CX_ROLE_NPS), 0, &ov, 1,
                                      "f", m, &err), CX_OK);
    assert_int_equal(m[CX_ROLE_NPS].column, 0);
}

static void test_find_column_exact_then_normalised(void **state)
{
    (void)state;
    const char *names[] = {"Segment", "segment", "Channel Name"};
    assert_int_equal(cx_find_column(names, 3, "segment"), 1);
    assert_int_equal(cx_find_column(names, 3, "channel_name"), 2);
    assert_int_equal(cx_find_column(names, 3, "SEGMENT"), -2);
    assert_int_equal(cx_find_column(names, 3, "region"), -1);
}

static void test_nps_group_column(void **state)
{
    (void)state;
    const char *names[] = {"ResponseId", "Q1", "Q1_NPS_GROUP", "Q10",
                           "Q10_nps_group", "Q1_NPS_GROUPS", "q1_NPS_GROUP",
                           "NPS_GROUP"};
    /* Q1's is Q1_NPS_GROUP; not Q1_NPS_GROUPS, nor q1_… (another id) */
    assert_int_equal(cx_nps_group_column(names, 8, 1), 2);
    /* the suffix in any case; Q1_NPS_GROUP is not Q10's */
    assert_int_equal(cx_nps_group_column(names, 8, 3), 4);
    assert_int_equal(cx_nps_group_column(names, 8, 0), -1);
    assert_int_equal(cx_nps_group_column(names, 8, -1), -1);
    /* an empty id: the bare suffix */
    const char *bare[] = {"", "x", "_nps_group"};
    assert_int_equal(cx_nps_group_column(bare, 3, 0), 2);
    /* two of them: the last */
    const char *twice[] = {"Q1", "Q1_NPS_GROUP", "Q2", "Q1_Nps_Group"};
    assert_int_equal(cx_nps_group_column(twice, 4, 0), 3);
    assert_int_equal(cx_nps_group_column(twice, 4, 2), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_names_and_question_text),
        cmocka_unit_test(test_ambiguous_role_names_both),
        cmocka_unit_test(test_unused_ambiguity_does_not_stop),
        cmocka_unit_test(test_missing_role_lists_the_header),
        cmocka_unit_test(test_override_wins_and_must_exist),
        cmocka_unit_test(test_find_column_exact_then_normalised),
        cmocka_unit_test(test_nps_group_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
