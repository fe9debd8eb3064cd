/* options.c - argv to struct cx_cli (see cli.h). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxcalc/alloc.h"
#include "cxcalc/cell.h"
#include "cxcalc/cli.h"
#include "cxcalc/stats.h"

enum {
    OPT_BY = 256, OPT_PERIOD, OPT_WEIGHT, OPT_CONFIDENCE, OPT_CSAT_SCALE,
    OPT_CSAT_SATISFIED, OPT_CES_SCALE, OPT_CES_LOW, OPT_SINCE, OPT_UNTIL,
    OPT_WHERE, OPT_MIN_N, OPT_COL, OPT_STRICT, OPT_SKIP_BAD, OPT_DEC_COMMA,
    OPT_MAX_FIELD, OPT_MAX_COLUMNS, OPT_VERSION, OPT_FCR_METHOD, OPT_FCR_WINDOW,
    OPT_CHURN_METHOD, OPT_MARGIN, OPT_DISCOUNT, OPT_ARPU, OPT_CHURN_RATE,
    OPT_FAIL_IF, OPT_HEADER_ROWS, OPT_CAL_END, OPT_TIME_UNIT, OPT_HORIZON,
    OPT_PER_CUSTOMER, OPT_SURVEYS, OPT_INTERACTIONS, OPT_CUSTOMERS,
    OPT_TRANSACTIONS, OPT_THREADS, OPT_PARTIAL, OPT_PARTITIONED_BY,
    OPT_PARTS, OPT_KEY, OPT_OUT
};

static const struct option long_opts[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"delimiter", required_argument, NULL, 'd'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"by", required_argument, NULL, OPT_BY},
    {"period", required_argument, NULL, OPT_PERIOD},
    {"weight", required_argument, NULL, OPT_WEIGHT},
    {"confidence", required_argument, NULL, OPT_CONFIDENCE},
    {"csat-scale", required_argument, NULL, OPT_CSAT_SCALE},
    {"csat-satisfied", required_argument, NULL, OPT_CSAT_SATISFIED},
    {"ces-scale", required_argument, NULL, OPT_CES_SCALE},
    {"ces-low-is-easy", no_argument, NULL, OPT_CES_LOW},
    {"since", required_argument, NULL, OPT_SINCE},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"where", required_argument, NULL, OPT_WHERE},
    {"min-n", required_argument, NULL, OPT_MIN_N},
    {"col", required_argument, NULL, OPT_COL},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"skip-bad-rows", no_argument, NULL, OPT_SKIP_BAD},
    {"decimal-comma", no_argument, NULL, OPT_DEC_COMMA},
    {"max-field-bytes", required_argument, NULL, OPT_MAX_FIELD},
    {"max-columns", required_argument, NULL, OPT_MAX_COLUMNS},
    {"fcr-method", required_argument, NULL, OPT_FCR_METHOD},
    {"fcr-window", required_argument, NULL, OPT_FCR_WINDOW},
    {"churn-method", required_argument, NULL, OPT_CHURN_METHOD},
    {"margin", required_argument, NULL, OPT_MARGIN},
    {"discount-rate", required_argument, NULL, OPT_DISCOUNT},
    {"arpu", required_argument, NULL, OPT_ARPU},
    {"churn-rate", required_argument, NULL, OPT_CHURN_RATE},
    {"fail-if", required_argument, NULL, OPT_FAIL_IF},
    {"header-rows", required_argument, NULL, OPT_HEADER_ROWS},
    {"calibration-end", required_argument, NULL, OPT_CAL_END},
    {"time-unit", required_argument, NULL, OPT_TIME_UNIT},
    {"horizon", required_argument, NULL, OPT_HORIZON},
    {"per-customer", required_argument, NULL, OPT_PER_CUSTOMER},
    {"surveys", required_argument, NULL, OPT_SURVEYS},
    {"interactions", required_argument, NULL, OPT_INTERACTIONS},
    {"customers", required_argument, NULL, OPT_CUSTOMERS},
    {"transactions", required_argument, NULL, OPT_TRANSACTIONS},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"partial", no_argument, NULL, OPT_PARTIAL},
    {"partitioned-by", required_argument, NULL, OPT_PARTITIONED_BY},
    {"parts", required_argument, NULL, OPT_PARTS},
    {"key", required_argument, NULL, OPT_KEY},
    {"out", required_argument, NULL, OPT_OUT},
    {NULL, 0, NULL, 0}};

/* The options `merge` and `partition` take (every other one shapes the
 * numbers, which is done when the states are made). */
static const int merge_opts[] = {'f', 'o', 'q', 'h', OPT_MIN_N, OPT_FAIL_IF,
                                 OPT_PARTIAL, 0};
static const int partition_opts[] = {'q', 'h', 'd', OPT_PARTS, OPT_KEY,
                                     OPT_OUT, OPT_HEADER_ROWS,
                                     OPT_MAX_FIELD, OPT_MAX_COLUMNS, 0};
/* The options only `partition` takes. */
static const int partition_only[] = {OPT_PARTS, OPT_KEY, OPT_OUT, 0};

static bool in_list(const int *list, int opt)
{
    for (; *list; list++)
        if (*list == opt)
            return true;
    return false;
}

/* "--by" for OPT_BY, "-f" for 'f'. */
static const char *opt_name(int opt, char *buf, size_t size)
{
    for (const struct option *o = long_opts; o->name; o++)
        if (o->val == opt) {
            snprintf(buf, size, "--%s", o->name);
            return buf;
        }
    snprintf(buf, size, "-%c", opt);
    return buf;
}

/* The table options of `report`, in enum cx_table_kind order. */
static const char *const table_options[] = {"surveys", "interactions",
                                            "customers", "transactions"};

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
    else if (strlen(s) == 1 && s[0] != '"' && s[0] != '\n' && s[0] != '\r'
             && s[0] != ' ')
        c->run.load.reader.delim = s[0];
    else
        return usage(msg, sz, "bad --delimiter '%s' (one character, or "
                     "'tab')", s);
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

static int set_date(const char *opt, const char *s, int64_t *ms, char *msg,
                    size_t sz)
{
    if (cx_parse_timestamp(s, strlen(s), ms) != CX_CELL_OK)
        return usage(msg, sz, "bad %s '%s' (expected YYYY-MM-DD or an ISO "
                     "8601 timestamp)", opt, s);
    return CX_EXIT_OK;
}

static int command(struct cx_cli *c, const char *name)
{
    static const struct {
        const char *name;
        enum cx_command cmd;
        unsigned metrics;
    } cmds[] = {{"nps", CX_CMD_NPS, CX_METRIC_NPS},
                {"csat", CX_CMD_CSAT, CX_METRIC_CSAT},
                {"ces", CX_CMD_CES, CX_METRIC_CES},
                {"aht", CX_CMD_AHT, CX_METRIC_AHT},
                {"fcr", CX_CMD_FCR, CX_METRIC_FCR},
                {"churn", CX_CMD_CHURN, CX_METRIC_CHURN},
                {"clv", CX_CMD_CLV, CX_METRIC_CLV},
                {"report", CX_CMD_REPORT, 0},
                {"columns", CX_CMD_COLUMNS, 0},
                {"merge", CX_CMD_MERGE, 0},
                {"partition", CX_CMD_PARTITION, 0}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (strcmp(name, cmds[i].name) == 0) {
            c->cmd = cmds[i].cmd;
            c->run.metrics = cmds[i].metrics;
            c->run.command = cmds[i].name;
            return 0;
        }
    }
    return -1;
}

/* One option; returns CX_EXIT_OK or CX_EXIT_USAGE. */
static int option(struct cx_cli *c, int opt, const char *arg, char *msg,
                  size_t sz)
{
    struct cx_run_options *r = &c->run;
    double conf;
    char *end;
    switch (opt) {
    case 'f':
        c->format_set = true;
        if (strcmp(arg, "json") == 0)
            c->format = CX_FORMAT_JSON;
        else if (strcmp(arg, "text") == 0)
            c->format = CX_FORMAT_TEXT;
        else if (strcmp(arg, "csv") == 0)
            c->format = CX_FORMAT_CSV;
        else
            return usage(msg, sz, "bad --format '%s' (json, text or csv)",
                         arg);
        return CX_EXIT_OK;
    case 'o': c->output = arg; return CX_EXIT_OK;
    case 'q': c->quiet = true; return CX_EXIT_OK;
    case 'd': return set_delim(c, arg, msg, sz);
    case 'h': c->cmd = CX_CMD_HELP; return CX_EXIT_OK;
    case OPT_VERSION: c->cmd = CX_CMD_VERSION; return CX_EXIT_OK;
    case OPT_BY: return add_by(c, arg, msg, sz);
    case OPT_PERIOD:
        if (!cx_period_parse(arg, &r->period))
            return usage(msg, sz, "bad --period '%s' (day, week, month, "
                         "quarter or year)", arg);
        return CX_EXIT_OK;
    case OPT_WEIGHT: r->weight = arg; return CX_EXIT_OK;
    case OPT_CONFIDENCE:
        errno = 0;
        conf = strtod(arg, &end);
        if (errno || end == arg || *end || !(conf > 0 && conf < 1))
            return usage(msg, sz, "bad --confidence '%s' (a level between "
                         "0 and 1, like 0.95)", arg);
        r->z = r->csat.z = r->ces.z = cx_z_for_confidence(conf);
        return CX_EXIT_OK;
    case OPT_CSAT_SCALE:
        if (!cx_csat_scale(arg, &r->csat))
            return usage(msg, sz, "bad --csat-scale '%s' (1-5, 1-7, 1-10 "
                         "or 0-10)", arg);
        return CX_EXIT_OK;
    case OPT_CSAT_SATISFIED:
        c->csat_satisfied = arg;
        if (!parse_range(arg, &c->sat_lo, &c->sat_hi))
            return usage(msg, sz, "bad --csat-satisfied '%s' (LO-HI, like "
                         "4-5)", arg);
        return CX_EXIT_OK;
    case OPT_CES_SCALE:
        if (!cx_ces_scale(arg, &r->ces))
            return usage(msg, sz, "bad --ces-scale '%s' (1-7 or 1-5)", arg);
        return CX_EXIT_OK;
    case OPT_CES_LOW: r->ces.low_is_easy = true; return CX_EXIT_OK;
    case OPT_SINCE:
        r->load.has_since = true;
        return set_date("--since", arg, &r->load.since_ms, msg, sz);
    case OPT_UNTIL:
        r->load.has_until = true;
        return set_date("--until", arg, &r->load.until_ms, msg, sz);
    case OPT_WHERE: return add_where(c, arg, msg, sz);
    case OPT_MIN_N:
        if (!parse_u64(arg, &r->min_n))
            return usage(msg, sz, "bad --min-n '%s' (a count)", arg);
        return CX_EXIT_OK;
    case OPT_COL: return add_col(c, arg, msg, sz);
    case OPT_THREADS: {
        uint64_t v;
        if (!parse_u64(arg, &v) || v < 1 || v > 16)
            return usage(msg, sz, "bad --threads '%s' (1 to 16)", arg);
        r->threads = (size_t)v;
        return CX_EXIT_OK;
    }
    case OPT_FCR_METHOD:
        if (strcmp(arg, "flag") == 0)
            r->fcr_method = CX_FCR_FLAG;
        else if (strcmp(arg, "repeat") == 0)
            r->fcr_method = CX_FCR_REPEAT;
        else
            return usage(msg, sz, "bad --fcr-method '%s' (flag or repeat)",
                         arg);
        return CX_EXIT_OK;
    case OPT_HEADER_ROWS: {
        uint64_t v;
        if (!parse_u64(arg, &v) || v < 1 || v > 3)
            return usage(msg, sz, "bad --header-rows '%s' (1, 2 or 3)", arg);
        r->load.header_rows = (size_t)v;
        return CX_EXIT_OK;
    }
    case OPT_FAIL_IF: {
        struct cx_threshold t;
        char why[256];
        if (!cx_threshold_parse(arg, &t, why, sizeof why))
            return usage(msg, sz, "bad --fail-if '%s' (%s)", arg, why);
        if (push((void **)&c->thresholds, &c->nthresholds, sizeof t, &t))
            return usage(msg, sz, "out of memory");
        return CX_EXIT_OK;
    }
    case OPT_CAL_END:
        r->has_calibration_end = true;
        return set_date("--calibration-end", arg, &r->calibration_end_ms,
                        msg, sz);
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
        if (unit == arg || v < 1 || v > 100000 || step == 0 || unit[1])
            return usage(msg, sz, "bad --horizon '%s' (like 12m, 52w or "
                         "365d)", arg);
        r->horizon_steps = (int)v;
        r->step_days = step;
        r->horizon = arg;
        return CX_EXIT_OK;
    }
    case OPT_PER_CUSTOMER: r->per_customer = arg; return CX_EXIT_OK;
    case OPT_SURVEYS:
    case OPT_INTERACTIONS:
    case OPT_CUSTOMERS:
    case OPT_TRANSACTIONS: {
        int kind = opt - OPT_SURVEYS;
        if (c->cmd == CX_CMD_CLV && opt == OPT_TRANSACTIONS) {
            if (push((void **)&c->tfiles[kind], &c->ntfiles[kind],
                     sizeof arg, &arg))
                return usage(msg, sz, "out of memory");
            return CX_EXIT_OK;
        }
        if (c->cmd != CX_CMD_REPORT)
            return usage(msg, sz, "--%s is an option of 'report'",
                         table_options[kind]);
        if (push((void **)&c->tfiles[kind], &c->ntfiles[kind],
                 sizeof arg, &arg))
            return usage(msg, sz, "out of memory");
        return CX_EXIT_OK;
    }
    case OPT_CHURN_METHOD:
        if (strcmp(arg, "snapshot") == 0)
            r->churn_method = CX_CHURN_SNAPSHOT;
        else if (strcmp(arg, "events") == 0)
            r->churn_method = CX_CHURN_EVENTS;
        else
            return usage(msg, sz, "bad --churn-method '%s' (snapshot or "
                         "events)", arg);
        return CX_EXIT_OK;
    case OPT_MARGIN:
        if (!parse_rate(arg, 1, &r->clv.margin))
            return usage(msg, sz, "bad --margin '%s' (a fraction like 0.8 "
                         "or a percent like 80%%)", arg);
        return CX_EXIT_OK;
    case OPT_DISCOUNT:
        if (!parse_rate(arg, 1, &r->clv.discount))
            return usage(msg, sz, "bad --discount-rate '%s' (monthly: a "
                         "fraction like 0.01 or a percent like 1%%)", arg);
        return CX_EXIT_OK;
    case OPT_CHURN_RATE:
        if (!parse_rate(arg, 1, &r->churn_rate) || r->churn_rate == 0)
            return usage(msg, sz, "bad --churn-rate '%s' (monthly, above "
                         "0: a fraction like 0.05 or a percent like 5%%)",
                         arg);
        r->has_churn_rate = true;
        return CX_EXIT_OK;
    case OPT_ARPU:
        if (cx_parse_number(arg, strlen(arg), false, &r->clv.arpu)
                != CX_CELL_OK || r->clv.arpu < 0)
            return usage(msg, sz, "bad --arpu '%s' (monthly revenue per "
                         "customer, like 49.90)", arg);
        r->clv.has_arpu = true;
        return CX_EXIT_OK;
    case OPT_FCR_WINDOW:
        if (!parse_window(arg, &r->fcr_window_ms))
            return usage(msg, sz, "bad --fcr-window '%s' (like 7d, 48h, "
                         "90m)", arg);
        return CX_EXIT_OK;
    case OPT_PARTIAL: r->partial = true; return CX_EXIT_OK;
    case OPT_PARTITIONED_BY: r->partitioned_by = arg; return CX_EXIT_OK;
    case OPT_KEY: c->key = arg; return CX_EXIT_OK;
    case OPT_OUT: c->out_dir = arg; return CX_EXIT_OK;
    case OPT_PARTS: {
        uint64_t v;
        if (!parse_u64(arg, &v) || v < 1 || v > CX_MAX_PARTS)
            return usage(msg, sz, "bad --parts '%s' (1 to %d)", arg,
                         CX_MAX_PARTS);
        c->parts = (size_t)v;
        return CX_EXIT_OK;
    }
    case OPT_STRICT: r->load.strict = true; return CX_EXIT_OK;
    case OPT_SKIP_BAD: r->load.skip_bad_rows = true; return CX_EXIT_OK;
    case OPT_DEC_COMMA: r->load.decimal_comma = true; return CX_EXIT_OK;
    case OPT_MAX_FIELD:
    case OPT_MAX_COLUMNS: {
        uint64_t v;
        if (!parse_u64(arg, &v) || v == 0 || v > SIZE_MAX / 4)
            return usage(msg, sz, "bad --%s '%s' (a positive count)",
                         opt == OPT_MAX_FIELD ? "max-field-bytes"
                                              : "max-columns", arg);
        if (opt == OPT_MAX_FIELD)
            r->load.reader.max_field_bytes = (size_t)v;
        else
            r->load.reader.max_columns = (size_t)v;
        return CX_EXIT_OK;
    }
    default:
        return usage(msg, sz, "unknown option");
    }
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

int cx_cli_parse(struct cx_cli *c, int argc, char **argv, char *msg,
                 size_t msg_size)
{
    memset(c, 0, sizeof *c);
    cx_run_options_init(&c->run);
    msg[0] = '\0';
    if (argc < 2)
        return usage(msg, msg_size, "no command given (try 'cxcalc --help')");
    int first = 1;
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        c->cmd = CX_CMD_HELP;
        return CX_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        c->cmd = CX_CMD_VERSION;
        return CX_EXIT_OK;
    }
    if (command(c, argv[1]) != 0)
        return usage(msg, msg_size, "unknown command '%s' (try 'cxcalc "
                     "--help')", argv[1]);
    first = 2;
    /* getopt_long over the arguments after the command; GNU permutation
     * lets options follow the files, and "--" ends the options. */
    int sub_argc = argc - first + 1;
    char **sub_argv = argv + first - 1;
    if (c->cmd == CX_CMD_REPORT) {
        sub_argc = spell_out_tables(c, sub_argc, sub_argv);
        if (sub_argc < 0)
            return usage(msg, msg_size, "out of memory");
        sub_argv = c->argv_copy;
    }
    opterr = 0;
    optind = 0;     /* glibc: a full re-initialisation */
    int opt, rc;
    while ((opt = getopt_long(sub_argc, sub_argv, ":f:o:qd:h", long_opts,
                              NULL)) != -1) {
        if (opt == '?') {
            const char *bad = sub_argv[optind - 1];
            if (optopt)
                return usage(msg, msg_size, "unknown option '-%c'", optopt);
            return usage(msg, msg_size, "unknown option '%s'", bad);
        }
        if (opt == ':')
            return usage(msg, msg_size, "option '%s' needs a value",
                         sub_argv[optind - 1]);
        char name[64];
        if (c->cmd != CX_CMD_PARTITION && in_list(partition_only, opt))
            return usage(msg, msg_size, "%s is an option of partition",
                         opt_name(opt, name, sizeof name));
        if ((c->cmd == CX_CMD_MERGE && !in_list(merge_opts, opt))
            || (c->cmd == CX_CMD_PARTITION && !in_list(partition_opts, opt)))
            return usage(msg, msg_size, "%s does not take %s%s",
                         c->run.command, opt_name(opt, name, sizeof name),
                         c->cmd == CX_CMD_MERGE
                             ? " (options that shape the numbers are given "
                               "when the states are made with --partial)"
                             : "");
        rc = option(c, opt, optarg, msg, msg_size);
        if (rc != CX_EXIT_OK)
            return rc;
    }
    for (int i = optind; i < sub_argc; i++)
        if (push((void **)&c->files, &c->nfiles, sizeof(char *),
                 &sub_argv[i]))
            return usage(msg, msg_size, "out of memory");
    if (c->cmd == CX_CMD_COLUMNS && c->nfiles != 1)
        return usage(msg, msg_size, "columns takes exactly one FILE");
    if (c->cmd == CX_CMD_PARTITION) {
        if (c->nfiles != 1)
            return usage(msg, msg_size, "partition takes exactly one FILE "
                         "('-' for stdin)");
        if (!c->parts || !c->out_dir)
            return usage(msg, msg_size, "partition needs --parts N and "
                         "--out DIR");
    }
    if (c->run.partitioned_by && !c->run.partial)
        return usage(msg, msg_size, "--partitioned-by describes the input "
                     "of a --partial run");
    if (c->run.partial) {
        if (c->cmd == CX_CMD_COLUMNS)
            return usage(msg, msg_size, "columns has no --partial");
        if (c->cmd == CX_CMD_CLV && c->ntfiles[CX_TABLE_TRANSACTIONS])
            return usage(msg, msg_size, "the CLV model is fitted on all "
                         "customers at once and has no --partial");
        if (c->format_set || c->nthresholds || c->run.min_n)
            return usage(msg, msg_size, "-f, --fail-if and --min-n apply "
                         "when the states are merged, not with --partial");
    }
    if (c->cmd == CX_CMD_CLV && c->ntfiles[CX_TABLE_TRANSACTIONS]) {
        if (c->nfiles)
            return usage(msg, msg_size, "clv --transactions reads no "
                         "customers table ('%s')", c->files[0]);
        c->run.transactions = c->tfiles[CX_TABLE_TRANSACTIONS];
        c->run.ntransactions = c->ntfiles[CX_TABLE_TRANSACTIONS];
    }
    if (c->cmd == CX_CMD_REPORT) {
        if (c->nfiles)
            return usage(msg, msg_size, "report takes its inputs with "
                         "--surveys, --interactions and --customers, not "
                         "'%s'", c->files[0]);
        size_t total = 0;
        for (int k = 0; k < CX_TABLE_KIND_COUNT; k++) {
            c->run.table_files[k] = c->tfiles[k];
            c->run.table_nfiles[k] = c->ntfiles[k];
            total += c->ntfiles[k];
        }
        if (!total)
            return usage(msg, msg_size, "report needs --surveys, "
                         "--interactions or --customers FILE");
        if (c->ntfiles[CX_TABLE_TRANSACTIONS])
            return usage(msg, msg_size, "--transactions (the CLV model) is "
                         "not supported yet");
    }
    if (c->run.weight && !(c->run.metrics & CX_METRIC_NPS)
        && c->cmd != CX_CMD_REPORT)
        return usage(msg, msg_size, "--weight applies to nps only");
    if (c->csat_satisfied) {
        c->run.csat.sat_lo = c->sat_lo;
        c->run.csat.sat_hi = c->sat_hi;
    }
    if (c->run.csat.sat_lo < c->run.csat.scale_lo
        || c->run.csat.sat_hi > c->run.csat.scale_hi)
        return usage(msg, msg_size, "--csat-satisfied %d-%d is outside the "
                     "scale %d-%d", c->run.csat.sat_lo, c->run.csat.sat_hi,
                     c->run.csat.scale_lo, c->run.csat.scale_hi);
    if (c->nby > CX_MAX_BY)
        return usage(msg, msg_size, "too many --by columns (at most %d)",
                     CX_MAX_BY);
    for (size_t i = 0; i < c->nby; i++) {
        if (c->run.period != CX_PERIOD_NONE && strcmp(c->by[i], "period") == 0)
            return usage(msg, msg_size, "--by period clashes with the "
                         "'period' key of --period");
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->by[i], c->by[j]) == 0)
                return usage(msg, msg_size, "--by names '%s' twice",
                             c->by[i]);
    }
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
    cx_free(c->copies);
    cx_free(c->files);
    cx_free(c->by);
    cx_free(c->overrides);
    cx_free(c->where);
    cx_free(c->thresholds);
    cx_free(c->argv_copy);
    for (int k = 0; k < CX_TABLE_KIND_COUNT; k++)
        cx_free(c->tfiles[k]);
    memset(c, 0, sizeof *c);
}
