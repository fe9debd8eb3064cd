/*
 * roles.h - which header column plays which role (SPEC section 1).
 *
 * Header names are normalised (camelCase split, trimmed, lowercased,
 * spaces, '-' and '.' turned into '_', runs of '_' collapsed) and compared
 * with each role's list of accepted names.  Survey score roles fall back to
 * question text ("recommend", "satisf", "easy"/"effort").  --col overrides
 * win.  Nothing here allocates; names are borrowed from the caller.
 */
#ifndef CXCALC_ROLES_H
#define CXCALC_ROLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxcalc/error.h"

enum cx_table_kind {
    CX_TABLE_SURVEY,
    CX_TABLE_INTERACTIONS,
    CX_TABLE_CUSTOMERS,
    CX_TABLE_TRANSACTIONS,
    CX_TABLE_KIND_COUNT
};

enum cx_role {
    CX_ROLE_NPS, CX_ROLE_CSAT, CX_ROLE_CES, CX_ROLE_DATE, CX_ROLE_CUSTOMER,
    CX_ROLE_ID, CX_ROLE_WEIGHT, CX_ROLE_START, CX_ROLE_END, CX_ROLE_TALK,
    CX_ROLE_HOLD, CX_ROLE_ACW, CX_ROLE_HANDLE, CX_ROLE_RESOLVED,
    CX_ROLE_ISSUE, CX_ROLE_STATUS, CX_ROLE_CHURNED, CX_ROLE_TENURE,
    CX_ROLE_REVENUE, CX_ROLE_SIGNUP, CX_ROLE_CANCEL, CX_ROLE_AMOUNT,
    CX_ROLE_COUNT
};

#define CX_ROLE_BIT(r) (UINT32_C(1) << (r))

/* How a role found its column. */
enum cx_role_source {
    CX_SRC_NONE = 0,
    CX_SRC_NAME,        /* the header name is in the role's list */
    CX_SRC_QUESTION,    /* question text ("…recommend…") */
    CX_SRC_OPTION       /* --col ROLE=NAME or --weight NAME */
};

struct cx_role_match {
    long column;                /* 0-based header index, -1: none */
    enum cx_role_source source;
    long time_column;           /* --col ROLE=DATE+TIME: TIME's index;
                                   -1: none */
};

/* An explicit --col ROLE=NAME (table: only for that table kind, or any). */
struct cx_col_override {
    bool any_table;
    enum cx_table_kind table;
    enum cx_role role;
    const char *name;
};

const char *cx_role_name(enum cx_role role);
bool cx_role_parse(const char *name, enum cx_role *out);
const char *cx_table_kind_name(enum cx_table_kind kind);
bool cx_table_kind_parse(const char *name, enum cx_table_kind *out);

/* The roles a table kind has (a bit mask of CX_ROLE_BIT). */
uint32_t cx_table_roles(enum cx_table_kind kind);

/* The accepted names of a role in a table kind, NULL-terminated. */
const char *const *cx_role_names(enum cx_table_kind kind, enum cx_role role);

/* Further names tried, in order, when none of the first list matches
 * (contact-center exports); NULL-terminated, often empty. */
const char *const *cx_role_more_names(enum cx_table_kind kind,
                                      enum cx_role role);

/* The role whose time column --period, --since and --until use:
 * `start` for interactions, `signup` for customers, else `date`. */
enum cx_role cx_period_role(enum cx_table_kind kind);

/* Normalise s[0..len) into out (always NUL-terminated). */
void cx_normalise(const char *s, size_t len, char *out, size_t size);

/*
 * Find the column of every role in `wanted` among names[0..n), then among
 * questions[0..n) (a second header row of question text; may be NULL),
 * which is also what the question-text fallback reads.  Overrides
 * for this table kind are applied first.  Two columns matching one role is
 * a CX_ERR_COLUMN error naming both; a role in `required` that has no
 * column is a CX_ERR_COLUMN error listing the header.  `file` names the
 * input in messages.  out[] is indexed by role; roles not wanted get -1.
 */
enum cx_status cx_roles_resolve(enum cx_table_kind kind,
                                const char *const *names,
                                const char *const *questions, size_t n,
                                uint32_t wanted, uint32_t required,
                                const struct cx_col_override *ov, size_t nov,
                                const char *file,
                                struct cx_role_match out[CX_ROLE_COUNT],
                                struct cx_error *err);

/*
 * The column called `name` (exact match first, then normalised), or -1.
 * Two columns with that name is an ambiguity: returns -2.
 */
long cx_find_column(const char *const *names, size_t n, const char *name);

/*
 * Qualtrics writes "<id>_NPS_GROUP" (1 detractor, 2 passive, 3 promoter)
 * beside an NPS question <id>: the column of names[0..n) that is the group
 * of the NPS column names[nps] (the id as written, the suffix in any
 * case; the last when several are), or -1.
 */
long cx_nps_group_column(const char *const *names, size_t n, long nps);

/* "a, b, c" for messages (escaped, cut to fit), into out. */
void cx_header_list(const char *const *names, size_t n, char *out,
                    size_t size);

#endif
