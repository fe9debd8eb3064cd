/* labels.c - the standard answer scales (see labels.h).  Labels are
 * written normalised; each map lists its places from the least
 * favourable, alternative spellings of a place side by side. */
#include "cxcalc/labels.h"

#include <string.h>

#define MAP(name, points, list) \
    {name, points, list, sizeof list / sizeof list[0]}

/* Satisfaction: SurveyMonkey and Delighted word it "Very …", Qualtrics's
 * five-point scale "Extremely … / Somewhat …". */
static const struct cx_label satisfaction5[] = {
    {"very_dissatisfied", 1}, {"extremely_dissatisfied", 1},
    {"dissatisfied", 2}, {"somewhat_dissatisfied", 2},
    {"neutral", 3}, {"neither_satisfied_nor_dissatisfied", 3},
    {"neither_dissatisfied_nor_satisfied", 3},
    {"satisfied", 4}, {"somewhat_satisfied", 4},
    {"very_satisfied", 5}, {"extremely_satisfied", 5}};
/* Qualtrics's seven points: Extremely, Moderately, Slightly. */
static const struct cx_label satisfaction7[] = {
    {"very_dissatisfied", 1}, {"extremely_dissatisfied", 1},
    {"dissatisfied", 2}, {"moderately_dissatisfied", 2},
    {"somewhat_dissatisfied", 3}, {"slightly_dissatisfied", 3},
    {"neutral", 4}, {"neither_satisfied_nor_dissatisfied", 4},
    {"neither_dissatisfied_nor_satisfied", 4},
    {"somewhat_satisfied", 5}, {"slightly_satisfied", 5},
    {"satisfied", 6}, {"moderately_satisfied", 6},
    {"very_satisfied", 7}, {"extremely_satisfied", 7}};
static const struct cx_label satisfaction4[] = {
    {"very_dissatisfied", 1}, {"dissatisfied", 2}, {"satisfied", 3},
    {"very_satisfied", 4}};
static const struct cx_label satisfaction3[] = {
    {"dissatisfied", 1}, {"neutral", 2},
    {"neither_satisfied_nor_dissatisfied", 2}, {"satisfied", 3}};

static const struct cx_label agreement5[] = {
    {"strongly_disagree", 1}, {"disagree", 2},
    {"neutral", 3}, {"neither_agree_nor_disagree", 3},
    {"neither_disagree_nor_agree", 3}, {"agree", 4}, {"strongly_agree", 5}};
static const struct cx_label agreement7[] = {
    {"strongly_disagree", 1}, {"disagree", 2},
    {"somewhat_disagree", 3}, {"slightly_disagree", 3},
    {"neutral", 4}, {"neither_agree_nor_disagree", 4},
    {"neither_disagree_nor_agree", 4},
    {"somewhat_agree", 5}, {"slightly_agree", 5}, {"agree", 6},
    {"strongly_agree", 7}};

static const struct cx_label ease5[] = {
    {"very_difficult", 1}, {"extremely_difficult", 1}, {"difficult", 2},
    {"neutral", 3}, {"neither_easy_nor_difficult", 3},
    {"neither_difficult_nor_easy", 3}, {"easy", 4},
    {"very_easy", 5}, {"extremely_easy", 5}};
static const struct cx_label ease7[] = {
    {"very_difficult", 1}, {"extremely_difficult", 1}, {"difficult", 2},
    {"somewhat_difficult", 3}, {"neutral", 4},
    {"neither_easy_nor_difficult", 4}, {"neither_difficult_nor_easy", 4},
    {"somewhat_easy", 5}, {"easy", 6}, {"very_easy", 7},
    {"extremely_easy", 7}};

static const struct cx_label_map m_sat5 = MAP("satisfaction-5", 5,
                                              satisfaction5);
static const struct cx_label_map m_sat7 = MAP("satisfaction-7", 7,
                                              satisfaction7);
static const struct cx_label_map m_sat4 = MAP("satisfaction-4", 4,
                                              satisfaction4);
static const struct cx_label_map m_sat3 = MAP("satisfaction-3", 3,
                                              satisfaction3);
static const struct cx_label_map m_agr5 = MAP("agreement-5", 5, agreement5);
static const struct cx_label_map m_agr7 = MAP("agreement-7", 7, agreement7);
static const struct cx_label_map m_ease5 = MAP("ease-5", 5, ease5);
static const struct cx_label_map m_ease7 = MAP("ease-7", 7, ease7);

const struct cx_label_map *const *cx_label_maps(enum cx_role role)
{
    static const struct cx_label_map *const csat[] = {
        &m_sat5, &m_sat7, &m_sat4, &m_sat3, &m_agr5, &m_agr7, NULL};
    static const struct cx_label_map *const ces[] = {
        &m_agr7, &m_agr5, &m_ease7, &m_ease5, NULL};
    static const struct cx_label_map *const none[] = {NULL};
    switch (role) {
    case CX_ROLE_CSAT: return csat;
    case CX_ROLE_CES: return ces;
    default: return none;
    }
}

long cx_label_find(const struct cx_label_map *m, const char *s, size_t len)
{
    char norm[96];
    if (len >= sizeof norm)
        return -1;
    cx_normalise(s, len, norm, sizeof norm);
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(norm, m->labels[i].text) == 0)
            return (long)i;
    return -1;
}
