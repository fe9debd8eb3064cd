/* roles.c - role detection from header names (see roles.h, SPEC §1). */
#include "cxcalc/roles.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/text.h"

#define NAME_MAX_NORM 256

static const char *const role_names[CX_ROLE_COUNT] = {
    "nps", "csat", "ces", "date", "customer", "id", "weight", "start", "end",
    "talk", "hold", "acw", "handle", "resolved", "issue", "status",
    "churned", "tenure", "revenue", "signup", "cancel", "amount"};

static const char *const kind_names[CX_TABLE_KIND_COUNT] = {
    "survey", "interactions", "customers", "transactions"};

/* Accepted names, normalised.  Order matters only for `date`. */
static const char *const n_nps[] = {"nps", "nps_score",
    "likelihood_to_recommend", "ltr", "recommend", NULL};
static const char *const n_csat[] = {"csat", "csat_score", "satisfaction",
    NULL};
static const char *const n_ces[] = {"ces", "ces_score", "effort",
    "customer_effort", NULL};
static const char *const n_date[] = {"recorded_date", "submitted_at", "date",
    "response_date", "end_date", "order_date", "timestamp", NULL};
static const char *const n_customer[] = {"customer", "customer_id", NULL};
static const char *const n_id[] = {"id", "response_id", "respondent_id",
    "interaction_id", "ticket_id", NULL};
static const char *const n_start[] = {"start", "start_time", "started_at",
    NULL};
static const char *const n_end[] = {"end", "end_time", "ended_at", NULL};
static const char *const n_talk[] = {"talk", "talk_time", NULL};
static const char *const n_hold[] = {"hold", "hold_time", NULL};
static const char *const n_acw[] = {"acw", "wrap", "wrap_time", "wrapup",
    "after_call_work", NULL};
static const char *const n_handle[] = {"handle", "handle_time", "aht", NULL};
static const char *const n_resolved[] = {"fcr", "resolved",
    "resolved_first_contact", "first_contact_resolution", NULL};
static const char *const n_issue[] = {"issue", "issue_id", NULL};
static const char *const n_status[] = {"status", NULL};
static const char *const n_churned[] = {"churned", "churn", NULL};
static const char *const n_tenure[] = {"tenure", "tenure_months", NULL};
static const char *const n_revenue[] = {"revenue", "monthly_revenue",
    "monthly_charges", NULL};
static const char *const n_signup[] = {"signup", "signup_date", NULL};
static const char *const n_cancel[] = {"cancel", "cancel_date", "churn_date",
    NULL};
static const char *const n_amount[] = {"amount", "order_amount", "sales",
    "revenue", NULL};
static const char *const n_none[] = {NULL};

/* Second tier: names seen in contact-center exports (Amazon Connect,
 * Genesys, Five9, Zendesk) beyond SPEC §1's lists.  They are consulted only
 * when no first-tier name matches, in this order (the first present wins),
 * so an export that has both `customer_id` and `account_id` is not
 * ambiguous. */
static const char *const x_customer[] = {"customer_number", "account_id",
    "account_number", "caller_id", "requester_id", "client_id", NULL};
static const char *const x_start[] = {"start_date", "started",
    "start_timestamp", "initiation_timestamp", "call_start", "created_at",
    NULL};
static const char *const x_end[] = {"end_date", "ended", "end_timestamp",
    "disconnect_timestamp", "call_end", NULL};
static const char *const x_talk[] = {"talk_duration", "talk_seconds",
    "talk_time_seconds", "agent_interaction_duration", NULL};
static const char *const x_hold[] = {"hold_duration", "hold_seconds",
    "hold_time_seconds", "customer_hold_duration", NULL};
static const char *const x_acw[] = {"acw_time", "acw_duration",
    "acw_seconds", "after_contact_work_duration", "after_contact_work_time",
    "wrap_up_time", "wrapup_time", "after_call_work_time", NULL};
static const char *const x_handle[] = {"handle_duration", "handle_seconds",
    "handle_time_seconds", "aht_seconds", "average_handle_time", NULL};
static const char *const x_resolved[] = {"first_call_resolution",
    "first_contact_resolved", "resolved_first_call", "fcr_flag", NULL};
static const char *const x_issue[] = {"issue_type", "issue_code", NULL};
/* An answered flag is a status too: its "no" is a contact not handled
 * (contact.h).  "Answered (Y/N)" normalises to answered_(y/n). */
static const char *const x_status[] = {"call_status", "contact_status",
    "outcome", "call_outcome", "answered", "answered_(y/n)", "answered_y_n",
    "answered_yn", "is_answered", NULL};

const char *cx_role_name(enum cx_role role)
{
    return role < CX_ROLE_COUNT ? role_names[role] : "?";
}

bool cx_role_parse(const char *name, enum cx_role *out)
{
    for (int r = 0; r < CX_ROLE_COUNT; r++) {
        if (strcmp(name, role_names[r]) == 0) {
            *out = (enum cx_role)r;
            return true;
        }
    }
    return false;
}

const char *cx_table_kind_name(enum cx_table_kind kind)
{
    return kind < CX_TABLE_KIND_COUNT ? kind_names[kind] : "?";
}

bool cx_table_kind_parse(const char *name, enum cx_table_kind *out)
{
    for (int k = 0; k < CX_TABLE_KIND_COUNT; k++) {
        if (strcmp(name, kind_names[k]) == 0) {
            *out = (enum cx_table_kind)k;
            return true;
        }
    }
    return false;
}

uint32_t cx_table_roles(enum cx_table_kind kind)
{
    switch (kind) {
    case CX_TABLE_SURVEY:
        return CX_ROLE_BIT(CX_ROLE_NPS) | CX_ROLE_BIT(CX_ROLE_CSAT)
             | CX_ROLE_BIT(CX_ROLE_CES) | CX_ROLE_BIT(CX_ROLE_DATE)
             | CX_ROLE_BIT(CX_ROLE_CUSTOMER) | CX_ROLE_BIT(CX_ROLE_ID)
             | CX_ROLE_BIT(CX_ROLE_WEIGHT);
    case CX_TABLE_INTERACTIONS:
        return CX_ROLE_BIT(CX_ROLE_CUSTOMER) | CX_ROLE_BIT(CX_ROLE_START)
             | CX_ROLE_BIT(CX_ROLE_END) | CX_ROLE_BIT(CX_ROLE_TALK)
             | CX_ROLE_BIT(CX_ROLE_HOLD) | CX_ROLE_BIT(CX_ROLE_ACW)
             | CX_ROLE_BIT(CX_ROLE_HANDLE) | CX_ROLE_BIT(CX_ROLE_RESOLVED)
             | CX_ROLE_BIT(CX_ROLE_ISSUE) | CX_ROLE_BIT(CX_ROLE_STATUS)
             | CX_ROLE_BIT(CX_ROLE_ID);
    case CX_TABLE_CUSTOMERS:
        return CX_ROLE_BIT(CX_ROLE_CUSTOMER) | CX_ROLE_BIT(CX_ROLE_SIGNUP)
             | CX_ROLE_BIT(CX_ROLE_CANCEL) | CX_ROLE_BIT(CX_ROLE_CHURNED)
             | CX_ROLE_BIT(CX_ROLE_TENURE) | CX_ROLE_BIT(CX_ROLE_REVENUE);
    case CX_TABLE_TRANSACTIONS:
        return CX_ROLE_BIT(CX_ROLE_CUSTOMER) | CX_ROLE_BIT(CX_ROLE_DATE)
             | CX_ROLE_BIT(CX_ROLE_AMOUNT);
    case CX_TABLE_KIND_COUNT:
        break;
    }
    return 0;
}

const char *const *cx_role_names(enum cx_table_kind kind, enum cx_role role)
{
    static const char *const *const lists[CX_ROLE_COUNT] = {
        n_nps, n_csat, n_ces, n_date, n_customer, n_id, n_none, n_start,
        n_end, n_talk, n_hold, n_acw, n_handle, n_resolved, n_issue,
        n_status, n_churned, n_tenure, n_revenue, n_signup, n_cancel,
        n_amount};
    if (role >= CX_ROLE_COUNT || !(cx_table_roles(kind) & CX_ROLE_BIT(role)))
        return n_none;
    return lists[role];
}

const char *const *cx_role_more_names(enum cx_table_kind kind,
                                      enum cx_role role)
{
    if (kind != CX_TABLE_INTERACTIONS)
        return n_none;
    switch (role) {
    case CX_ROLE_CUSTOMER: return x_customer;
    case CX_ROLE_START: return x_start;
    case CX_ROLE_END: return x_end;
    case CX_ROLE_TALK: return x_talk;
    case CX_ROLE_HOLD: return x_hold;
    case CX_ROLE_ACW: return x_acw;
    case CX_ROLE_HANDLE: return x_handle;
    case CX_ROLE_RESOLVED: return x_resolved;
    case CX_ROLE_ISSUE: return x_issue;
    case CX_ROLE_STATUS: return x_status;
    default: return n_none;
    }
}

enum cx_role cx_period_role(enum cx_table_kind kind)
{
    switch (kind) {
    case CX_TABLE_INTERACTIONS: return CX_ROLE_START;
    case CX_TABLE_CUSTOMERS: return CX_ROLE_SIGNUP;
    default: return CX_ROLE_DATE;
    }
}

static bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

void cx_normalise(const char *s, size_t len, char *out, size_t size)
{
    s = cx_trim(s, &len);
    size_t o = 0;
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned char prev = i ? (unsigned char)s[i - 1] : 0;
        unsigned char next = i + 1 < len ? (unsigned char)s[i + 1] : 0;
        /* camelCase: fooBar, foo2Bar, and the end of an acronym (NPSScore) */
        if (is_upper(c) && i > 0
            && (is_lower(prev) || is_digit(prev)
                || (is_upper(prev) && is_lower(next))))
            if (o && out[o - 1] != '_')
                out[o++] = '_';
        if (c == ' ' || c == '-' || c == '.' || c == '_' || c == '\t') {
            if (o && out[o - 1] != '_')
                out[o++] = '_';
            continue;
        }
        out[o++] = (char)(is_upper(c) ? c - 'A' + 'a' : c);
    }
    while (o && out[o - 1] == '_')
        o--;
    out[o] = '\0';
}

static bool in_list(const char *norm, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(norm, *list) == 0)
            return true;
    return false;
}

/* Case-insensitive substring test on a NUL-terminated name. */
static bool contains(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, nl) == 0)
            return true;
    return false;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* Question text that names a survey score role (SPEC §1). */
static bool question_matches(enum cx_role role, const char *name)
{
    if (contains(name, "_NPS_GROUP") || ends_with(name, " - Group"))
        return false;
    switch (role) {
    case CX_ROLE_NPS:
        return contains(name, "recommend");
    case CX_ROLE_CSAT:
        return contains(name, "satisf");
    case CX_ROLE_CES:
        return contains(name, "easy") || contains(name, "effort");
    default:
        return false;
    }
}

long cx_nps_group_column(const char *const *names, size_t n, long nps)
{
    static const char suffix[] = "_NPS_GROUP";
    size_t slen = sizeof suffix - 1;
    if (nps < 0 || (size_t)nps >= n)
        return -1;
    const char *id = names[nps];
    size_t idlen = strlen(id);
    long found = -1;
    for (size_t i = 0; i < n; i++) {
        const char *nm = names[i];
        if (strlen(nm) == idlen + slen && strncmp(nm, id, idlen) == 0
            && cx_ieq(nm + idlen, slen, suffix))
            found = (long)i;
    }
    return found;
}

void cx_header_list(const char *const *names, size_t n, char *out,
                    size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char esc[128];
        cx_escape(names[i], strlen(names[i]), esc, sizeof esc, 40);
        int w = snprintf(out + o, size - o, "%s'%s'", i ? ", " : "", esc);
        if (w < 0 || (size_t)w >= size - o - 32) {
            snprintf(out + o, size - o, ", ... (%zu columns)", n);
            return;
        }
        o += (size_t)w;
    }
}

long cx_find_column(const char *const *names, size_t n, const char *name)
{
    long found = -1;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) {
            if (found >= 0)
                return -2;
            found = (long)i;
        }
    }
    if (found >= 0)
        return found;
    char want[NAME_MAX_NORM], norm[NAME_MAX_NORM];
    cx_normalise(name, strlen(name), want, sizeof want);
    if (!want[0])
        return -1;
    for (size_t i = 0; i < n; i++) {
        cx_normalise(names[i], strlen(names[i]), norm, sizeof norm);
        if (strcmp(norm, want) == 0) {
            if (found >= 0)
                return -2;
            found = (long)i;
        }
    }
    return found;
}

static enum cx_status ambiguous(enum cx_role role, const char *const *names,
                                size_t n, long a, long b, const char *file,
                                struct cx_error *err)
{
    char ea[128], eb[128], list[768];
    cx_header_list(names, n, list, sizeof list);
    cx_escape(names[a], strlen(names[a]), ea, sizeof ea, 60);
    cx_escape(names[b], strlen(names[b]), eb, sizeof eb, 60);
    if (strcmp(names[a], names[b]) == 0)
        return cx_error_set(err, CX_ERR_COLUMN, &(struct cx_loc){file, 0, 0},
                            "role '%s' is ambiguous: columns %ld and %ld are "
                            "both named '%s'; rename or remove one; columns "
                            "are: %s", cx_role_name(role), a + 1, b + 1, ea,
                            list);
    return cx_error_set(err, CX_ERR_COLUMN, &(struct cx_loc){file, 0, 0},
                        "role '%s' is ambiguous: columns %ld '%s' and %ld "
                        "'%s' both match; choose one with --col %s=NAME; "
                        "columns are: %s", cx_role_name(role), a + 1, ea,
                        b + 1, eb, cx_role_name(role), list);
}

/* An ordered list: the first name present wins (twice present: ambiguous). */
static enum cx_status resolve_ordered(enum cx_role role,
                                      const char *const *list,
                                      const char *const *names, size_t n,
                                      const char *file,
                                      struct cx_role_match *m,
                                      struct cx_error *err)
{
    char norm[NAME_MAX_NORM];
    for (; *list; list++) {
        long found = -1;
        for (size_t i = 0; i < n; i++) {
            cx_normalise(names[i], strlen(names[i]), norm, sizeof norm);
            if (strcmp(norm, *list) != 0)
                continue;
            if (found >= 0)
                return ambiguous(role, names, n, found, (long)i, file, err);
            found = (long)i;
        }
        if (found >= 0) {
            *m = (struct cx_role_match){found, CX_SRC_NAME, -1};
            return CX_OK;
        }
    }
    return CX_OK;
}

/* The accepted names of a role against one row of names (unordered: two
 * matches are ambiguous). */
static enum cx_status resolve_names(enum cx_role role, const char *const *list,
                                    const char *const *names, size_t n,
                                    const char *file, struct cx_role_match *m,
                                    struct cx_error *err)
{
    char norm[NAME_MAX_NORM];
    long found = -1;
    for (size_t i = 0; i < n; i++) {
        cx_normalise(names[i], strlen(names[i]), norm, sizeof norm);
        if (!in_list(norm, list))
            continue;
        if (found >= 0)
            return ambiguous(role, names, n, found, (long)i, file, err);
        found = (long)i;
    }
    if (found >= 0)
        *m = (struct cx_role_match){found, CX_SRC_NAME, -1};
    return CX_OK;
}

/* questions (may be NULL): a second header row of question text, as in a
 * Qualtrics export, tried after the names and used for question matching. */
static enum cx_status resolve_one(enum cx_table_kind kind, enum cx_role role,
                                  const char *const *names,
                                  const char *const *questions, size_t n,
                                  const char *file, struct cx_role_match *m,
                                  struct cx_error *err)
{
    const char *const *list = cx_role_names(kind, role);
    enum cx_status st;
    if (role == CX_ROLE_DATE) {
        st = resolve_ordered(role, list, names, n, file, m, err);
        if (st == CX_OK && m->column < 0 && questions)
            st = resolve_ordered(role, list, questions, n, file, m, err);
        return st;
    }
    st = resolve_names(role, list, names, n, file, m, err);
    if (st == CX_OK && m->column < 0 && questions)
        st = resolve_names(role, list, questions, n, file, m, err);
    if (st != CX_OK || m->column >= 0)
        return st;
    st = resolve_ordered(role, cx_role_more_names(kind, role), names, n,
                         file, m, err);
    if (st != CX_OK || m->column >= 0 || kind != CX_TABLE_SURVEY)
        return st;
    const char *const *text = questions ? questions : names;
    long found = -1;
    for (size_t i = 0; i < n; i++) {
        if (!question_matches(role, text[i]))
            continue;
        if (found >= 0)
            return ambiguous(role, text, n, found, (long)i, file, err);
        found = (long)i;
    }
    if (found >= 0)
        *m = (struct cx_role_match){found, CX_SRC_QUESTION, -1};
    return CX_OK;
}

/* --col ROLE=DATE+TIME: a date column and a time-of-day column, both in
 * the header, for a date or timestamp role. */
static enum cx_status date_and_time(const char *const *names, size_t n,
                                    const struct cx_col_override *o,
                                    const char *file, long *c, long *tc,
                                    struct cx_error *err)
{
    static const enum cx_role timed[] = {CX_ROLE_DATE, CX_ROLE_START,
                                         CX_ROLE_END, CX_ROLE_SIGNUP,
                                         CX_ROLE_CANCEL};
    bool ok = false;
    for (size_t k = 0; k < sizeof timed / sizeof *timed; k++)
        ok = ok || o->role == timed[k];
    const char *plus = strchr(o->name, '+');
    char date[512];
    size_t dl = (size_t)(plus - o->name);
    if (!ok || dl >= sizeof date)
        return CX_OK;       /* reported as a column not found */
    memcpy(date, o->name, dl);
    date[dl] = '\0';
    *c = cx_find_column(names, n, date);
    *tc = cx_find_column(names, n, plus + 1);
    if (*c >= 0 && *tc >= 0)
        return CX_OK;
    char list[2048];
    cx_header_list(names, n, list, sizeof list);
    const char *which = *c < 0 ? date : plus + 1;
    if (*c == -2 || *tc == -2)
        return cx_error_set(err, CX_ERR_COLUMN, &(struct cx_loc){file, 0, 0},
                            "column '%s' (for role '%s') appears more than "
                            "once in the header; columns are: %s", which,
                            cx_role_name(o->role), list);
    return cx_error_set(err, CX_ERR_COLUMN, &(struct cx_loc){file, 0, 0},
                        "no column '%s' (the %s of '%s', given for role "
                        "'%s'); columns are: %s", which,
                        *c < 0 ? "date" : "time", o->name,
                        cx_role_name(o->role), list);
}

enum cx_status cx_roles_resolve(enum cx_table_kind kind,
                                const char *const *names,
                                const char *const *questions, size_t n,
                                uint32_t wanted, uint32_t required,
                                const struct cx_col_override *ov, size_t nov,
                                const char *file,
                                struct cx_role_match out[CX_ROLE_COUNT],
                                struct cx_error *err)
{
    char list[2048];
    for (int r = 0; r < CX_ROLE_COUNT; r++)
        out[r] = (struct cx_role_match){-1, CX_SRC_NONE, -1};
    for (size_t k = 0; k < nov; k++) {
        const struct cx_col_override *o = &ov[k];
        if ((!o->any_table && o->table != kind)
            || !(wanted & CX_ROLE_BIT(o->role)))
            continue;
        long c = cx_find_column(names, n, o->name), tc = -1;
        if (c == -1 && questions)
            c = cx_find_column(questions, n, o->name);
        if (c == -1 && strchr(o->name, '+')) {
            enum cx_status st = date_and_time(names, n, o, file, &c, &tc,
                                              err);
            if (st != CX_OK)
                return st;
        }
        if (c == -2) {
            cx_header_list(names, n, list, sizeof list);
            return cx_error_set(err, CX_ERR_COLUMN,
                                &(struct cx_loc){file, 0, 0},
                                "column '%s' (for role '%s') appears more "
                                "than once in the header; columns are: %s",
                                o->name, cx_role_name(o->role), list);
        }
        if (c < 0) {
            cx_header_list(names, n, list, sizeof list);
            return cx_error_set(err, CX_ERR_COLUMN,
                                &(struct cx_loc){file, 0, 0},
                                "no column '%s' (given for role '%s'); "
                                "columns are: %s",
                                o->name, cx_role_name(o->role), list);
        }
        out[o->role] = (struct cx_role_match){c, CX_SRC_OPTION, tc};
    }
    for (int r = 0; r < CX_ROLE_COUNT; r++) {
        if (!(wanted & CX_ROLE_BIT(r)) || out[r].column >= 0)
            continue;
        enum cx_status st = resolve_one(kind, (enum cx_role)r, names,
                                        questions, n, file, &out[r], err);
        if (st != CX_OK)
            return st;
    }
    for (int r = 0; r < CX_ROLE_COUNT; r++) {
        if (!(required & CX_ROLE_BIT(r)) || out[r].column >= 0)
            continue;
        char accepted[256] = "";
        size_t o = 0;
        for (const char *const *l = cx_role_names(kind, (enum cx_role)r);
             *l && o < sizeof accepted - 32; l++)
            o += (size_t)snprintf(accepted + o, sizeof accepted - o, "%s%s",
                                  o ? ", " : "", *l);
        cx_header_list(names, n, list, sizeof list);
        return cx_error_set(err, CX_ERR_COLUMN, &(struct cx_loc){file, 0, 0},
                            "no column for role '%s' (accepted names: %s; "
                            "or name it with --col %s=NAME); columns are: %s",
                            cx_role_name((enum cx_role)r),
                            accepted[0] ? accepted : "none",
                            cx_role_name((enum cx_role)r), list);
    }
    return CX_OK;
}
