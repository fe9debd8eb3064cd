/* options.c - argv to struct cx_cli (see cli.h). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cxcalc/dates.h"
#include "cxcalc/zone.h"
#include "io/source.h"
#include "metrics/stats.h"
#include "table/cell.h"
#include "util/alloc.h"
#include "optable.h"

/* getopt's table, from the option table. */
static void long_options(struct option *lo)
{
    size_t n = 0;
    for (const struct cx_opt_def *d = cx_opt_defs; d->name; d++)
        lo[n++] = (struct option){d->name,
                                  d->has_arg ? required_argument
                                             : no_argument, NULL, d->key};
    lo[n] = (struct option){NULL, 0, NULL, 0};
}

/* "--by" for OPT_BY, "-f" for 'f'. */
static const char *opt_name(int opt, char *buf, size_t size)
{
    const struct cx_opt_def *d = cx_opt_find(opt);
    if (d && opt >= 256)
        snprintf(buf, size, "--%s", d->name);
    else
        snprintf(buf, size, "-%c", opt);
    return buf;
}

static int usage(char *msg, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int usage(char *msg, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, size, fmt, ap);
    va_end(ap);
    return CX_EXIT_USAGE;
}

/* CX_EXIT_OK when ok, else the usage error "bad OPT 'ARG' (WHY)". */
static int check_value(bool ok, const char *opt, const char *arg,
                       const char *why, char *msg, size_t sz)
{
    if (ok)
        return CX_EXIT_OK;
    return usage(msg, sz, "bad %s '%s' (%s)", opt, arg, why);
}

/* Append to a growable array of pointers/structs. */
static int push(void **items, size_t *n, size_t size, const void *item)
{
    size_t cap = *n;    /* arrays grow one at a time: option lists are short */
    if (cx_grow(items, &cap, *n + 1, size, 1) != 0)
        return -1;
    memcpy((char *)*items + *n * size, item, size);
    (*n)++;
    return 0;
}

static char *keep_copy(struct cx_cli *c, const char *s, size_t len)
{
    char *p = cx_malloc(len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    if (push((void **)&c->copies, &c->ncopies, sizeof p, &p) != 0) {
        cx_free(p);
        return NULL;
    }
    return p;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    if (!*s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

/* "LO-HI" with small non-negative integers. */
static bool parse_range(const char *s, int *lo, int *hi)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || *end != '-' || a < 0 || a > 100)
        return false;
    const char *t = end + 1;
    long b = strtol(t, &end, 10);
    if (end == t || *end || b < a || b > 100)
        return false;
    *lo = (int)a;
    *hi = (int)b;
    return true;
}

static int set_delim(struct cx_cli *c, const char *s, char *msg, size_t sz)
{
    if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0)
        c->run.load.reader.delim = '\t';
    else if (strcmp(s, "whitespace") == 0)
        c->run.load.reader.delim = CX_DELIM_WHITESPACE;
    else if (strlen(s) == 1 && s[0] != '"' && s[0] != '\n' && s[0] != '\r'
             && s[0] != ' ')
        c->run.load.reader.delim = s[0];
    else
        return usage(msg, sz, "bad --delimiter '%s' (one character, "
                     "'tab' or 'whitespace')", s);
    return CX_EXIT_OK;
}

static int add_by(struct cx_cli *c, const char *s, char *msg, size_t sz)
{
    const char *p = s;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0)
            return usage(msg, sz, "bad --by '%s' (empty column name)", s);
        char *name = keep_copy(c, p, len);
        if (!name || push((void **)&c->by, &c->nby, sizeof name, &name))
            return usage(msg, sz, "out of memory");
        if (!comma)
            return CX_EXIT_OK;
        p = comma + 1;
    }
}

/* --names a,_,c: the columns of files without a header row. */
static int add_names(struct cx_cli *c, const char *s, char *msg, size_t sz)
{
    if (c->nnames)
        return usage(msg, sz, "--names is given twice");
    const char *p = s;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0)
            return usage(msg, sz, "bad --names '%s' (empty name; '_' for a "
                         "column to ignore)", s);
        char *name = keep_copy(c, p, len);
        if (!name
            || push((void **)&c->names, &c->nnames, sizeof name, &name))
            return usage(msg, sz, "out of memory");
        if (!comma)
            return CX_EXIT_OK;
        p = comma + 1;
    }
}

static int add_where(struct cx_cli *c, const char *s, char *msg, size_t sz)
{
    const char *eq = strchr(s, '=');
    if (!eq || eq == s)
        return usage(msg, sz, "bad --where '%s' (expected COL=VALUE or "
                     "COL!=VALUE)", s);
    bool negate = eq[-1] == '!';
    size_t len = (size_t)(eq - s) - (negate ? 1 : 0);
    if (len == 0)
        return usage(msg, sz, "bad --where '%s' (no column)", s);
    struct cx_where w = {keep_copy(c, s, len), eq + 1, negate};
    if (!w.column || push((void **)&c->where, &c->nwhere, sizeof w, &w))
        return usage(msg, sz, "out of memory");
    return CX_EXIT_OK;
}

static int add_col(struct cx_cli *c, const char *s, char *msg, size_t sz)
{
    const char *eq = strchr(s, '=');
    if (!eq || eq == s || !eq[1])
        return usage(msg, sz, "bad --col '%s' (expected ROLE=NAME)", s);
    struct cx_col_override ov = {true, CX_TABLE_SURVEY, CX_ROLE_COUNT, eq + 1};
    char spec[64];
    size_t len = (size_t)(eq - s);
    if (len >= sizeof spec)
        return usage(msg, sz, "bad --col '%s' (unknown role)", s);
    memcpy(spec, s, len);
    spec[len] = '\0';
    char *role = spec, *dot = strchr(spec, '.');
    if (dot) {
        *dot = '\0';
        role = dot + 1;
        if (!cx_table_kind_parse(spec, &ov.table))
            return usage(msg, sz, "bad --col '%s' (unknown table '%s'; "
                         "survey, interactions, customers or "
                         "transactions)", s, spec);
        ov.any_table = false;
    }
    if (!cx_role_parse(role, &ov.role) || ov.role == CX_ROLE_WEIGHT)
        return usage(msg, sz, "bad --col '%s' (unknown role '%s')", s, role);
    if (push((void **)&c->overrides, &c->noverrides, sizeof ov, &ov))
        return usage(msg, sz, "out of memory");
    return CX_EXIT_OK;
}

/* --labels ROLE=MAP: a survey score role's answer labels (labels.h). */
static int add_labels(struct cx_cli *c, const char *s, char *msg, size_t sz)
{
    const char *eq = strchr(s, '=');
    char role_name[16];
    enum cx_role role;
    size_t len = eq ? (size_t)(eq - s) : 0;
    if (!eq || len >= sizeof role_name || !eq[1])
        return usage(msg, sz, "bad --labels '%s' (expected ROLE=LABEL:VALUE,"
                     "... or ROLE=FILE)", s);
    memcpy(role_name, s, len);
    role_name[len] = '\0';
    if (!cx_role_parse(role_name, &role)
        || (role != CX_ROLE_NPS && role != CX_ROLE_CSAT
            && role != CX_ROLE_CES))
        return usage(msg, sz, "bad --labels '%s' (the role is nps, csat or "
                     "ces)", s);
    struct cx_error err;
    if (cx_label_map_parse(eq + 1, &c->arena, &c->labels[role], &err)
        != CX_OK) {
        cx_error_format(&err, msg, sz);
        return CX_EXIT_USAGE;
    }
    c->run.load.labels[role] = &c->labels[role];
    return CX_EXIT_OK;
}

/* "7d", "48h", "90m", "3600s": a positive window in milliseconds. */
static bool parse_window(const char *s, int64_t *ms)
{
    uint64_t v = 0;
    const char *p = s;
    if (*p < '0' || *p > '9')
        return false;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > 100000000)
            return false;
        p++;
    }
    int64_t unit;
    switch (*p) {
    case 'd': unit = 86400000; break;
    case 'h': unit = 3600000; break;
    case 'm': unit = 60000; break;
    case 's': unit = 1000; break;
    default: return false;
    }
    if (p[1] || v == 0)
        return false;
    *ms = (int64_t)v * unit;
    return true;
}

/* A fraction "0.05" or a percent "5%", within [0, max]. */
static bool parse_rate(const char *s, double max, double *out)
{
    size_t len = strlen(s);
    bool percent = len > 0 && s[len - 1] == '%';
    double v;
    if (cx_parse_number(s, len - percent, false, &v) != CX_CELL_OK)
        return false;
    if (percent)
        v /= 100;
    if (!(v >= 0 && v <= max))
        return false;
    *out = v;
    return true;
}

static int set_date(const char *opt, const char *s, const struct cx_zone *z,
                    int64_t now, int64_t *ms, char *msg, size_t sz)
{
    return check_value(cx_date_bound(s, z, now, ms), opt, s,
                       "expected YYYY-MM-DD, an ISO 8601 timestamp, or "
                       "today, yesterday, -7d, -1w, -1m, this-month, "
                       "last-month, this-quarter, last-quarter...", msg, sz);
}

/* The clock relative dates count from: CXCALC_NOW (an ISO 8601 timestamp,
 * for tests and reruns) or the system's. */
static int now_ms(const struct cx_zone *z, int64_t *now, char *msg,
                  size_t sz)
{
    const char *env = getenv("CXCALC_NOW");
    if (env && env[0]) {
        int64_t ms;
        bool utc;
        if (cx_parse_iso_time(env, strlen(env), &ms, &utc) != CX_CELL_OK)
            return usage(msg, sz, "CXCALC_NOW='%s': expected an ISO 8601 "
                         "timestamp", env);
        *now = utc ? ms : cx_zone_instant(z, ms, NULL);
        return CX_EXIT_OK;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    return CX_EXIT_OK;
}

/* The zone (--tz, else CXCALC_TZ, else UTC) and the date bounds in it. */
static int resolve_dates(struct cx_cli *c, char *msg, size_t sz)
{
    struct cx_run_options *r = &c->run;
    const char *tz = c->tz_name;
    if (!tz && getenv("CXCALC_TZ") && getenv("CXCALC_TZ")[0])
        tz = getenv("CXCALC_TZ");
    char why[256];
    if (tz && cx_zone_load(tz, &c->zone, why, sizeof why) != 0)
        return usage(msg, sz, "%s%s", c->tz_name ? "--tz: " : "CXCALC_TZ: ",
                     why);
    r->m.zone = r->load.zone = c->zone;
    r->zone_name = tz ? tz : NULL;
    int64_t now = 0;
    int rc = CX_EXIT_OK;
    if ((c->since_arg || c->until_arg || c->cal_end_arg)
        && (rc = now_ms(c->zone, &now, msg, sz)) != CX_EXIT_OK)
        return rc;
    if (c->since_arg
        && (rc = set_date("--since", c->since_arg, c->zone, now,
                          &r->load.since_ms, msg, sz)) != CX_EXIT_OK)
        return rc;
    if (c->until_arg
        && (rc = set_date("--until", c->until_arg, c->zone, now,
                          &r->load.until_ms, msg, sz)) != CX_EXIT_OK)
        return rc;
    if (c->cal_end_arg)
        rc = set_date("--calibration-end", c->cal_end_arg, c->zone, now,
                      &r->calibration_end_ms, msg, sz);
    return rc;
}

static int command(struct cx_cli *c, const char *name)
{
    if (!cx_command_find(name, &c->cmd, &c->metric))
        return -1;
    c->run.command = name;
    if (c->metric) {
        c->run.metrics = cx_metric_bit(c->metric);
        c->run.command = c->metric->name;
    }
    return 0;
}
/* "json", "text" or "csv". */
static int set_format(struct cx_cli *c, const char *arg, char *msg,
                      size_t sz)
{
    static const char *const names[] = {"json", "text", "csv"};
    static const enum cx_format formats[] = {CX_FORMAT_JSON, CX_FORMAT_TEXT,
                                             CX_FORMAT_CSV};
    for (size_t i = 0; i < 3; i++)
        if (strcmp(arg, names[i]) == 0) {
            c->format = formats[i];
            c->format_set = true;
            return CX_EXIT_OK;
        }
    return usage(msg, sz, "bad --format '%s' (json, text or csv)", arg);
}

static int add_threshold(struct cx_cli *c, const char *arg, char *msg,
                         size_t sz)
{
    struct cx_threshold t;
    char why[256];
    if (!cx_threshold_parse(arg, &t, why, sizeof why))
        return usage(msg, sz, "bad --fail-if '%s' (%s)", arg, why);
    if (push((void **)&c->thresholds, &c->nthresholds, sizeof t, &t))
        return usage(msg, sz, "out of memory");
    return CX_EXIT_OK;
}

/* A count within [lo, hi]. */
static int set_count(const char *opt, const char *arg, uint64_t lo,
                     uint64_t hi, uint64_t *out, char *msg, size_t sz)
{
    if (!parse_u64(arg, out) || *out < lo || *out > hi)
        return usage(msg, sz, "bad %s '%s' (%" PRIu64 " to %" PRIu64 ")",
                     opt, arg, lo, hi);
    return CX_EXIT_OK;
}

/* Output, grouping, scale-out, report's tables and partition; -1 when
 * opt is not one of these. */
static int general_option(struct cx_cli *c, int opt, const char *arg,
                          char *msg, size_t sz)
{
    struct cx_run_options *r = &c->run;
    uint64_t v = 0;
    int rc;
    switch (opt) {
    case 'f': return set_format(c, arg, msg, sz);
    case 'o': c->output = arg; return CX_EXIT_OK;
    case 'q': c->quiet = true; return CX_EXIT_OK;
    case 'h':
        c->help_on = c->run.command;
        c->cmd = CX_CMD_HELP;
        return CX_EXIT_OK;
    case OPT_VERSION: c->cmd = CX_CMD_VERSION; return CX_EXIT_OK;
    case OPT_FAIL_IF: return add_threshold(c, arg, msg, sz);
    case OPT_BY: return add_by(c, arg, msg, sz);
    case OPT_PERIOD:
        return check_value(cx_period_parse(arg, &r->m.period), "--period",
                           arg, "day, week, month, quarter or year", msg,
                           sz);
    case OPT_SINCE:
        r->load.has_since = true;
        c->since_arg = arg;
        return CX_EXIT_OK;
    case OPT_UNTIL:
        r->load.has_until = true;
        c->until_arg = arg;
        return CX_EXIT_OK;
    case OPT_TZ: c->tz_name = arg; return CX_EXIT_OK;
    case OPT_DATE_FORMAT:
        r->load.has_date_format = true;
        return check_value(cx_date_format_parse(arg, &r->load.date_format),
                           "--date-format", arg, "iso8601, YYYY/MM/DD, "
                           "YYYYMMDD, YYMMDD, DD.MM.YYYY, M/D/YYYY, D/M/YYYY, "
                           "month-name, epoch, epoch-ms, excel, or a "
                           "strptime layout such as '%d/%m/%Y %H:%M'", msg,
                           sz);
    case OPT_WHERE: return add_where(c, arg, msg, sz);
    case OPT_MIN_N:
        return check_value(parse_u64(arg, &r->min_n), "--min-n", arg,
                           "a count", msg, sz);
    case OPT_PARTIAL: r->m.partial = true; return CX_EXIT_OK;
    case OPT_PARTITIONED_BY: r->m.partitioned_by = arg; return CX_EXIT_OK;
    case OPT_SURVEYS:
    case OPT_INTERACTIONS:
    case OPT_CUSTOMERS:
    case OPT_TRANSACTIONS: {
        int kind = opt - OPT_SURVEYS;
        if (push((void **)&c->tfiles[kind], &c->ntfiles[kind], sizeof arg,
                 &arg))
            return usage(msg, sz, "out of memory");
        return CX_EXIT_OK;
    }
    case OPT_KEY: c->key = arg; return CX_EXIT_OK;
    case OPT_OUT: c->out_dir = arg; return CX_EXIT_OK;
    case OPT_PARTS:
        rc = set_count("--parts", arg, 1, CX_MAX_PARTS, &v, msg, sz);
        c->parts = (size_t)v;
        return rc;
    default:
        return -1;
    }
}

/* Reading the inputs; -1 when opt is not one of these. */
static int input_option(struct cx_cli *c, int opt, const char *arg,
                        char *msg, size_t sz)
{
    struct cx_load_options *l = &c->run.load;
    uint64_t v = 0;
    int rc;
    switch (opt) {
    case 'd': return set_delim(c, arg, msg, sz);
    case OPT_COL: return add_col(c, arg, msg, sz);
    case OPT_HEADER_ROWS:
        if (!parse_u64(arg, &v) || v > 3)
            return usage(msg, sz, "bad --header-rows '%s' (0, 1, 2 or 3)",
                         arg);
        l->header_rows = (size_t)v;
        c->no_header = v == 0;
        return CX_EXIT_OK;
    case OPT_NAMES: return add_names(c, arg, msg, sz);
    case OPT_ENCODING:
        if (!cx_transcode_known(arg))
            return usage(msg, sz, "unknown --encoding '%s' (a name iconv "
                         "knows, as listed by iconv --list)", arg);
        l->reader.encoding = arg;
        return CX_EXIT_OK;
    case OPT_SHEET: l->reader.sheet = arg; return CX_EXIT_OK;
    case OPT_STRICT: l->strict = true; return CX_EXIT_OK;
    case OPT_MAX_INVALID:
        return check_value(parse_rate(arg, 1, &c->run.max_invalid),
                           "--max-invalid", arg, "a share like 50% or 0.5",
                           msg, sz);
    case OPT_SKIP_BAD: l->skip_bad_rows = true; return CX_EXIT_OK;
    case OPT_PAD_SHORT: l->pad_short_rows = true; return CX_EXIT_OK;
    case OPT_DEC_COMMA: l->decimal_comma = true; return CX_EXIT_OK;
    case OPT_MAX_FIELD:
    case OPT_MAX_COLUMNS:
        if (!parse_u64(arg, &v) || v == 0 || v > SIZE_MAX / 4)
            return usage(msg, sz, "bad --%s '%s' (a positive count)",
                         opt == OPT_MAX_FIELD ? "max-field-bytes"
                                              : "max-columns", arg);
        if (opt == OPT_MAX_FIELD)
            l->reader.max_field_bytes = (size_t)v;
        else
            l->reader.max_columns = (size_t)v;
        return CX_EXIT_OK;
    case OPT_THREADS:
        rc = set_count("--threads", arg, 1, 16, &v, msg, sz);
        c->run.threads = (size_t)v;
        return rc;
    default:
        return -1;
    }
}

/* A method by name: names[i] gives values[i]. */
static int set_method(const char *opt, const char *arg,
                      const char *const names[2], const int values[2],
                      int *out, char *msg, size_t sz)
{
    for (int i = 0; i < 2; i++)
        if (strcmp(arg, names[i]) == 0) {
            *out = values[i];
            return CX_EXIT_OK;
        }
    return usage(msg, sz, "bad %s '%s' (%s or %s)", opt, arg, names[0],
                 names[1]);
}

/* The survey and interaction metrics' options; -1 when opt is not one. */
static int metric_option(struct cx_cli *c, int opt, const char *arg,
                         char *msg, size_t sz)
{
    struct cx_run_options *r = &c->run;
    static const char *const fcr[] = {"flag", "repeat"};
    static const int fcr_v[] = {CX_FCR_FLAG, CX_FCR_REPEAT};
    double conf;
    char *end;
    int m = 0, rc;
    switch (opt) {
    case OPT_WEIGHT:
        if (!*arg)
            return usage(msg, sz, "bad --weight '' (a column name)");
        r->m.weight = arg;
        return CX_EXIT_OK;
    case OPT_LABELS: return add_labels(c, arg, msg, sz);
    case OPT_HANDLED:
    case OPT_ABANDONED:
        if (!arg[strspn(arg, " ,")])
            return usage(msg, sz, "bad --%s '%s' (status values, "
                         "comma-separated)", opt == OPT_HANDLED
                         ? "handled" : "abandoned", arg);
        *(opt == OPT_HANDLED ? &r->m.handled : &r->m.abandoned) = arg;
        return CX_EXIT_OK;
    case OPT_CONFIDENCE:
        errno = 0;
        conf = strtod(arg, &end);
        if (errno || end == arg || *end || !(conf > 0 && conf < 1))
            return usage(msg, sz, "bad --confidence '%s' (a level between "
                         "0 and 1, like 0.95)", arg);
        cx_metric_opts_confidence(&r->m, conf);
        return CX_EXIT_OK;
    case OPT_CSAT_SCALE:
        return check_value(cx_csat_scale(arg, &r->m.csat), "--csat-scale",
                           arg, "1-5, 1-7, 1-10 or 0-10", msg, sz);
    case OPT_CSAT_SATISFIED:
        c->csat_satisfied = arg;
        return check_value(parse_range(arg, &c->sat_lo, &c->sat_hi),
                           "--csat-satisfied", arg, "LO-HI, like 4-5", msg,
                           sz);
    case OPT_CES_SCALE:
        return check_value(cx_ces_scale(arg, &r->m.ces), "--ces-scale", arg,
                           "1-7 or 1-5", msg, sz);
    case OPT_CES_LOW: r->m.ces.low_is_easy = true; return CX_EXIT_OK;
    case OPT_FCR_METHOD:
        rc = set_method("--fcr-method", arg, fcr, fcr_v, &m, msg, sz);
        r->m.fcr_method = (enum cx_fcr_method)m;
        return rc;
    case OPT_FCR_WINDOW:
        return check_value(parse_window(arg, &r->m.fcr_window_ms),
                           "--fcr-window", arg, "like 7d, 48h, 90m", msg,
                           sz);
    default:
        return -1;
    }
}

/* Churn and CLV's options; -1 when opt is not one of these. */
static int customer_option(struct cx_cli *c, int opt, const char *arg,
                           char *msg, size_t sz)
{
    struct cx_run_options *r = &c->run;
    static const char *const churn[] = {"snapshot", "events"};
    static const int churn_v[] = {CX_CHURN_SNAPSHOT, CX_CHURN_EVENTS};
    int m = 0, rc;
    switch (opt) {
    case OPT_CHURN_METHOD:
        rc = set_method("--churn-method", arg, churn, churn_v, &m, msg, sz);
        r->m.churn_method = (enum cx_churn_method)m;
        return rc;
    case OPT_MARGIN:
        return check_value(parse_rate(arg, 1, &r->m.clv.margin), "--margin",
                           arg, "a fraction like 0.8 or a percent like 80%",
                           msg, sz);
    case OPT_DISCOUNT:
        return check_value(parse_rate(arg, 1, &r->m.clv.discount),
                           "--discount-rate", arg, "monthly: a fraction "
                           "like 0.01 or a percent like 1%", msg, sz);
    case OPT_CHURN_RATE:
        if (!parse_rate(arg, 1, &r->m.churn_rate) || r->m.churn_rate == 0)
            return usage(msg, sz, "bad --churn-rate '%s' (monthly, above "
                         "0: a fraction like 0.05 or a percent like 5%%)",
                         arg);
        r->m.has_churn_rate = true;
        return CX_EXIT_OK;
    case OPT_ARPU:
        if (cx_parse_number(arg, strlen(arg), false, &r->m.clv.arpu)
                != CX_CELL_OK || r->m.clv.arpu < 0)
            return usage(msg, sz, "bad --arpu '%s' (monthly revenue per "
                         "customer, like 49.90)", arg);
        r->m.clv.has_arpu = true;
        return CX_EXIT_OK;
    default:
        return -1;
    }
}

/* The CLV model's options; -1 when opt is not one of these. */
static int model_option(struct cx_cli *c, int opt, const char *arg,
                        char *msg, size_t sz)
{
    struct cx_run_options *r = &c->run;
    switch (opt) {
    case OPT_CAL_END:
        r->has_calibration_end = true;
        c->cal_end_arg = arg;
        return CX_EXIT_OK;
    case OPT_TIME_UNIT:
        if (strcmp(arg, "week") == 0)
            r->unit_days = 7;
        else if (strcmp(arg, "day") == 0)
            r->unit_days = 1;
        else if (strcmp(arg, "month") == 0)
            r->unit_days = 30.4375;
        else
            return usage(msg, sz, "bad --time-unit '%s' (week, day or "
                         "month)", arg);
        return CX_EXIT_OK;
    case OPT_HORIZON: {
        char *unit;
        long v = strtol(arg, &unit, 10);
        double step = *unit == 'm' ? 30.4375 : *unit == 'w' ? 7
                    : *unit == 'd' ? 1 : 0;
        if (unit == arg || v < 1 || v > CX_HORIZON_MAX || step == 0
            || unit[1])
            return usage(msg, sz, "bad --horizon '%s' (like 12m, 52w or "
                         "365d)", arg);
        r->horizon_steps = (int)v;
        r->step_days = step;
        r->horizon = arg;
        c->horizon_given = true;
        return CX_EXIT_OK;
    }
    case OPT_PER_CUSTOMER: r->per_customer = arg; return CX_EXIT_OK;
    default:
        return -1;
    }
}

/* One option; returns CX_EXIT_OK or CX_EXIT_USAGE. */
static int option(struct cx_cli *c, int opt, const char *arg, char *msg,
                  size_t sz)
{
    int (*const kinds[])(struct cx_cli *, int, const char *, char *,
                         size_t) = {general_option, input_option,
                                    metric_option, customer_option,
                                    model_option};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        int rc = kinds[i](c, opt, arg, msg, sz);
        if (rc >= 0)
            return rc;
    }
    return usage(msg, sz, "unknown option");
}

/* The command takes option opt; else CX_EXIT_USAGE with why. */
static int check_takes(const struct cx_cli *c, int opt, char *msg,
                       size_t sz)
{
    const struct cx_opt_def *d = cx_opt_find(opt);
    char name[64];
    if (!d || cx_command_takes(c->cmd, c->metric, d))
        return CX_EXIT_OK;
    opt_name(opt, name, sizeof name);
    if (d->at == AT_PARTITION)
        return usage(msg, sz, "%s is an option of partition", name);
    if (d->at == AT_REPORT)
        return usage(msg, sz, "%s is an option of 'report'", name);
    if (c->cmd == CX_CMD_MERGE)
        return usage(msg, sz, "merge does not take %s (options that shape "
                     "the numbers are given when the states are made with "
                     "--partial)", name);
    return usage(msg, sz, "%s does not take %s (see 'cxcalc help %s')",
                 c->run.command, name, c->run.command);
}

/* `report --surveys a.csv b.csv --customers c.csv`: every word after a
 * table option up to the next option is a file of that table.  Rewrite
 * argv so each file follows its own copy of the option (getopt takes one
 * value per option).  Returns the new argc, or -1 when out of memory. */
static int spell_out_tables(struct cx_cli *c, int argc, char **argv)
{
    static char *const table_opts[] = {"--surveys", "--interactions",
                                       "--customers", "--transactions"};
    c->argv_copy = cx_calloc((size_t)argc * 2 + 1, sizeof *c->argv_copy);
    if (!c->argv_copy)
        return -1;
    int n = 0;
    char *current = NULL;       /* the table option in force */
    bool first = false;         /* the word right after it */
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        if (a[0] == '-' && a[1] != '\0') {
            current = NULL;
            for (size_t k = 0; k < 4; k++)
                if (strcmp(a, table_opts[k]) == 0)
                    current = table_opts[k];
            first = current != NULL;
        } else if (current && !first) {
            c->argv_copy[n++] = current;    /* a further file */
        } else {
            first = false;
        }
        c->argv_copy[n++] = a;
    }
    return n;
}
/* getopt_long over the arguments after the command (sub_argv[0] stands
 * for the program); GNU permutation lets options follow the files, and
 * "--" ends the options.  The files are kept in c->files. */
static int parse_args(struct cx_cli *c, int sub_argc, char **sub_argv,
                      char *msg, size_t sz)
{
    struct option lo[CX_OPT_MAX + 1];
    long_options(lo);
    opterr = 0;
    optind = 0;     /* glibc: a full re-initialisation */
    int opt, rc;
    while ((opt = getopt_long(sub_argc, sub_argv, ":f:o:qd:h", lo, NULL))
           != -1) {
        if (opt == '?') {
            if (optopt)
                return usage(msg, sz, "unknown option '-%c'", optopt);
            return usage(msg, sz, "unknown option '%s'",
                         sub_argv[optind - 1]);
        }
        if (opt == ':')
            return usage(msg, sz, "option '%s' needs a value",
                         sub_argv[optind - 1]);
        if ((rc = check_takes(c, opt, msg, sz)) != CX_EXIT_OK
            || (rc = option(c, opt, optarg, msg, sz)) != CX_EXIT_OK)
            return rc;
    }
    for (int i = optind; i < sub_argc; i++)
        if (push((void **)&c->files, &c->nfiles, sizeof(char *),
                 &sub_argv[i]))
            return usage(msg, sz, "out of memory");
    return CX_EXIT_OK;
}

/* --names and --header-rows: no header row, or header rows. */
static int check_header(struct cx_cli *c, char *msg, size_t sz)
{
    if (c->no_header && c->cmd == CX_CMD_PARTITION)
        return usage(msg, sz, "partition copies the header rows into each "
                     "part: --header-rows 1 to 3");
    if (c->no_header && !c->nnames)
        return usage(msg, sz, "--header-rows 0 (no header row) needs the "
                     "column names: --names NAME,NAME,... ('_' for a column "
                     "to ignore)");
    if (c->nnames && c->run.load.header_rows)
        return usage(msg, sz, "--names replaces the header row: it takes "
                     "--header-rows 0 or none, not %zu",
                     c->run.load.header_rows);
    c->run.load.names = c->names;
    c->run.load.nnames = c->nnames;
    return CX_EXIT_OK;
}

/* The files and option pairs a command needs. */
static int check_inputs(struct cx_cli *c, char *msg, size_t sz)
{
    int rc = check_header(c, msg, sz);
    if (rc != CX_EXIT_OK)
        return rc;
    if (c->cmd == CX_CMD_COLUMNS && c->nfiles != 1)
        return usage(msg, sz, "columns takes exactly one FILE");
    if (c->cmd == CX_CMD_PARTITION && c->nfiles != 1)
        return usage(msg, sz, "partition takes exactly one FILE ('-' for "
                     "stdin)");
    if (c->cmd == CX_CMD_PARTITION && (!c->parts || !c->out_dir))
        return usage(msg, sz, "partition needs --parts N and --out DIR");
    if (c->run.m.partitioned_by && !c->run.m.partial)
        return usage(msg, sz, "--partitioned-by describes the input of a "
                     "--partial run");
    bool model = c->cmd == CX_CMD_METRIC
                 && c->ntfiles[CX_TABLE_TRANSACTIONS];
    if (c->run.m.partial && model)
        return usage(msg, sz, "the CLV model is fitted on all customers at "
                     "once and has no --partial");
    if (c->run.m.partial && (c->format_set || c->nthresholds || c->run.min_n))
        return usage(msg, sz, "-f, --fail-if and --min-n apply when the "
                     "states are merged, not with --partial");
    if (model && c->nfiles)
        return usage(msg, sz, "clv --transactions reads no customers table "
                     "('%s')", c->files[0]);
    if (model) {
        c->run.transactions = c->tfiles[CX_TABLE_TRANSACTIONS];
        c->run.ntransactions = c->ntfiles[CX_TABLE_TRANSACTIONS];
    } else if (c->horizon_given) {
        /* The formula steps a month at a time (its churn is monthly). */
        if (c->run.step_days != 30.4375)
            return usage(msg, sz, "bad --horizon '%s': formula CLV counts "
                         "months (like 24m); weeks and days are for clv "
                         "--transactions", c->run.horizon);
        c->run.m.clv.horizon_months = c->run.horizon_steps;
    }
    if (c->cmd != CX_CMD_REPORT)
        return CX_EXIT_OK;
    if (c->nfiles)
        return usage(msg, sz, "report takes its inputs with --surveys, "
                     "--interactions and --customers, not '%s'",
                     c->files[0]);
    size_t total = 0;
    for (int k = 0; k < CX_TABLE_KIND_COUNT; k++) {
        c->run.table_files[k] = c->tfiles[k];
        c->run.table_nfiles[k] = c->ntfiles[k];
        total += c->ntfiles[k];
    }
    if (!total)
        return usage(msg, sz, "report needs --surveys, --interactions or "
                     "--customers FILE");
    if (c->ntfiles[CX_TABLE_TRANSACTIONS])
        return usage(msg, sz, "--transactions (the CLV model) is not "
                     "supported yet");
    return CX_EXIT_OK;
}

/* Each --fail-if names a metric the command can compute. */
static int check_thresholds(const struct cx_cli *c, char *msg, size_t sz)
{
    for (size_t i = 0; i < c->nthresholds; i++) {
        const struct cx_threshold *t = &c->thresholds[i];
        const struct cx_metric_def *d = cx_metric_find(t->metric);
        if (c->cmd == CX_CMD_METRIC && d != c->metric)
            return usage(msg, sz, "bad --fail-if '%s' (%s computes no %s)",
                         t->text, c->metric->name, t->metric);
        if (c->cmd == CX_CMD_REPORT && !c->ntfiles[d->table])
            return usage(msg, sz, "bad --fail-if '%s' (%s needs a %s "
                         "table)", t->text, t->metric,
                         cx_table_kind_name(d->table));
    }
    return CX_EXIT_OK;
}

/* The option values that depend on each other, and --by's names. */
static int check_values(struct cx_cli *c, char *msg, size_t sz)
{
    if (c->csat_satisfied) {
        c->run.m.csat.sat_lo = c->sat_lo;
        c->run.m.csat.sat_hi = c->sat_hi;
    }
    if (c->run.m.csat.sat_lo < c->run.m.csat.scale_lo
        || c->run.m.csat.sat_hi > c->run.m.csat.scale_hi)
        return usage(msg, sz, "--csat-satisfied %d-%d is outside the scale "
                     "%d-%d", c->run.m.csat.sat_lo, c->run.m.csat.sat_hi,
                     c->run.m.csat.scale_lo, c->run.m.csat.scale_hi);
    if (c->nby > CX_MAX_BY)
        return usage(msg, sz, "too many --by columns (at most %d)",
                     CX_MAX_BY);
    for (size_t i = 0; i < c->nby; i++) {
        if (c->run.m.period != CX_PERIOD_NONE
            && strcmp(c->by[i], "period") == 0)
            return usage(msg, sz, "--by period clashes with the 'period' "
                         "key of --period");
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->by[i], c->by[j]) == 0)
                return usage(msg, sz, "--by names '%s' twice", c->by[i]);
    }
    return CX_EXIT_OK;
}

/* `cxcalc help [COMMAND]`, `cxcalc --help`, `cxcalc --version`: true
 * when argv is one of these (rc set). */
static bool top_level(struct cx_cli *c, int argc, char **argv, int *rc,
                      char *msg, size_t sz)
{
    const char *a = argv[1];
    *rc = CX_EXIT_OK;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
        c->cmd = CX_CMD_HELP;
    } else if (strcmp(a, "--version") == 0) {
        c->cmd = CX_CMD_VERSION;
    } else if (strcmp(a, "help") == 0) {
        c->cmd = CX_CMD_HELP;
        enum cx_command cmd;
        const struct cx_metric_def *m;
        if (argc > 3)
            *rc = usage(msg, sz, "help takes one COMMAND");
        else if (argc == 3 && !cx_command_find(argv[2], &cmd, &m))
            *rc = usage(msg, sz, "unknown command '%s' (try 'cxcalc "
                        "help')", argv[2]);
        c->help_on = argc == 3 ? argv[2] : NULL;
    } else {
        return false;
    }
    return true;
}

int cx_cli_parse(struct cx_cli *c, int argc, char **argv, char *msg,
                 size_t msg_size)
{
    memset(c, 0, sizeof *c);
    cx_run_options_init(&c->run);
    cx_arena_init(&c->arena, 4096);
    msg[0] = '\0';
    int rc;
    if (argc < 2)
        return usage(msg, msg_size, "no command given (try 'cxcalc --help')");
    if (top_level(c, argc, argv, &rc, msg, msg_size))
        return rc;
    if (command(c, argv[1]) != 0)
        return usage(msg, msg_size, "unknown command '%s' (try 'cxcalc "
                     "--help')", argv[1]);
    int sub_argc = argc - 1;
    char **sub_argv = argv + 1;
    if (c->cmd == CX_CMD_REPORT) {
        sub_argc = spell_out_tables(c, sub_argc, sub_argv);
        if (sub_argc < 0)
            return usage(msg, msg_size, "out of memory");
        sub_argv = c->argv_copy;
    }
    if ((rc = parse_args(c, sub_argc, sub_argv, msg, msg_size))
            != CX_EXIT_OK || c->cmd == CX_CMD_HELP
        || c->cmd == CX_CMD_VERSION
        || (rc = check_inputs(c, msg, msg_size)) != CX_EXIT_OK
        || (rc = check_thresholds(c, msg, msg_size)) != CX_EXIT_OK
        || (rc = check_values(c, msg, msg_size)) != CX_EXIT_OK
        || (rc = resolve_dates(c, msg, msg_size)) != CX_EXIT_OK)
        return rc;
    c->run.m.dated = c->run.load.has_since || c->run.load.has_until;
    c->run.files = c->files;
    c->run.nfiles = c->nfiles;
    c->run.by = c->by;
    c->run.nby = c->nby;
    c->run.load.overrides = c->overrides;
    c->run.load.noverrides = c->noverrides;
    c->run.load.where = c->where;
    c->run.load.nwhere = c->nwhere;
    return CX_EXIT_OK;
}

void cx_cli_release(struct cx_cli *c)
{
    for (size_t i = 0; i < c->ncopies; i++)
        cx_free(c->copies[i]);
    /* the arrays push() grew, and argv_copy */
    void *arrays[] = {c->copies, c->files, c->by, c->overrides, c->where,
                      c->thresholds, c->argv_copy, c->names};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        cx_free(arrays[i]);
    for (int k = 0; k < CX_TABLE_KIND_COUNT; k++)
        cx_free(c->tfiles[k]);
    cx_arena_release(&c->arena);
    cx_zone_free(c->zone);
    memset(c, 0, sizeof *c);
}
