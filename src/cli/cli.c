/* cli.c - run cxcalc: parse, call the library, print warnings and errors,
 * map statuses to exit codes (see cli.h). */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/state.h"
#include "util/alloc.h"
#include "util/text.h"
#include "optable.h"

#define MAX_WARNINGS_SHOWN 10

struct warn_state {
    bool quiet;
    uint64_t shown;
};

static void print_diag(const struct cx_error *e)
{
    char line[2048];
    cx_error_format(e, line, sizeof line);
    fprintf(stderr, "cxcalc: %s\n", line);
}

static void on_warning(void *ctx, const struct cx_error *w)
{
    struct warn_state *s = ctx;
    if (s->quiet || s->shown >= MAX_WARNINGS_SHOWN)
        return;
    s->shown++;
    print_diag(w);
}

static int exit_status(enum cx_status st)
{
    switch (st) {
    case CX_OK:
    case CX_DONE:
        return CX_EXIT_OK;
    case CX_ERR_USAGE:
        return CX_EXIT_USAGE;
    default:
        return CX_EXIT_FAILURE;
    }
}

/* Report a failure; a closed stdout ends the run quietly. */
static int fail(const struct cx_error *e)
{
    if (e->status == CX_ERR_IO && e->sys_errno == EPIPE)
        return CX_EXIT_OK;
    print_diag(e);
    return exit_status(e->status);
}

static int run_columns(const struct cx_cli *c)
{
    struct cx_columns_info info;
    struct cx_error err;
    cx_error_clear(&err);
    enum cx_status st = cx_app_columns(c->files[0], &c->run.load.reader,
                                       c->run.load.header_rows,
                                       c->run.load.names,
                                       c->run.load.nnames, c->overrides, c->noverrides, &info,
                                       &err);
    if (st != CX_OK) {
        cx_columns_release(&info);
        return fail(&err);
    }
    char dbuf[8], esc[256];
    const char *layout = cx_layout_name(info.layout);
    if (info.layout == CX_LAYOUT_PLAIN && info.utf16)
        layout = "excel-utf16";
    printf("layout: %s, %zu header row%s\n", layout, info.header_rows,
           info.header_rows == 1 ? "" : "s");
    printf("dialect: %s-delimited%s%s%s, %zu columns\n",
           cx_dialect_delim_name(info.delim, dbuf, sizeof dbuf),
           info.utf16 ? ", UTF-16 with a byte-order mark" : "",
           info.bom ? ", UTF-8 byte-order mark" : "",
           info.sep_line ? ", Excel sep= line" : "", info.ncols);
    if (strcmp(info.container, "zip") == 0)
        printf("input: .xlsx workbook, %s%s%s\n",
               c->run.load.reader.sheet ? "sheet '" : "the first sheet",
               c->run.load.reader.sheet ? c->run.load.reader.sheet : "",
               c->run.load.reader.sheet ? "'" : "");
    else if (*info.container || info.encoding)
        printf("input: %s%s%s%s\n", info.container,
               *info.container ? "-compressed" : "",
               *info.container && info.encoding ? ", " : "",
               info.encoding ? info.encoding : "");
    static const char *const how[] = {"", "header name", "question text",
                                      "--col"};
    for (int k = 0; k < CX_TABLE_KIND_COUNT; k++) {
        bool any = false;
        for (int r = 0; r < CX_ROLE_COUNT; r++) {
            const struct cx_role_match *m = &info.roles[k][r];
            if (m->column < 0)
                continue;
            if (!any)
                printf("%s roles:\n", cx_table_kind_name(
                                          (enum cx_table_kind)k));
            any = true;
            const char *nm = info.names[m->column];
            printf("  %-10s column %ld '%s' (%s)",
                   cx_role_name((enum cx_role)r), m->column + 1,
                   cx_escape(nm, strlen(nm), esc, sizeof esc, 60),
                   how[m->source]);
            if (k == CX_TABLE_SURVEY && r <= CX_ROLE_CES
                && info.score_note[r][0])
                printf(": %s", info.score_note[r]);
            if (info.date_note && info.date_note[m->column])
                printf(": %s", info.date_note[m->column]);
            if (k == CX_TABLE_SURVEY && r <= CX_ROLE_CES
                && strncmp(info.score_note[r], "not used", 8) == 0)
                printf("; if it is the score, say so with --col %s='%s'",
                       cx_role_name((enum cx_role)r), esc);
            printf("\n");
        }
        if (info.ambiguity[k].status != CX_OK)
            printf("%s: %s\n", cx_table_kind_name((enum cx_table_kind)k),
                   info.ambiguity[k].msg);
    }
    printf("dimensions:");
    bool any = false;
    for (size_t i = 0; i < info.ncols; i++) {
        if (info.is_role[i]
            || (info.layout == CX_LAYOUT_NAMES && !info.names[i][0]))
            continue;               /* a role's, or '_' in --names */
        printf("%s '%s'", any ? "," : "",
               cx_escape(info.names[i], strlen(info.names[i]), esc,
                         sizeof esc, 60));
        any = true;
    }
    printf("%s\n", any ? "" : " none");
    cx_columns_release(&info);
    if (fflush(stdout) == EOF || ferror(stdout)) {
        struct cx_error e;
        cx_error_clear(&e);
        cx_error_set(&e, CX_ERR_IO, NULL, "write error: %s",
                     strerror(errno ? errno : EIO));
        e.sys_errno = errno;
        return fail(&e);
    }
    return CX_EXIT_OK;
}

/* The end of a run that made a report: what its results warn of,
 * --fail-if, the report in its format where asked, the count of warnings
 * not shown, the exit status.  A --partial state is not a report yet:
 * its results warn when merged. */
static int finish_report(struct cx_cli *c, struct cx_report *rep,
                         enum cx_status st, struct cx_error *err,
                         struct cx_warner *warner,
                         const struct warn_state *ws,
                         const struct cx_state_opts *merged)
{
    if (!c->format_set)
        c->format = !c->output && isatty(STDOUT_FILENO) ? CX_FORMAT_TEXT
                                                        : CX_FORMAT_JSON;
    long breaches = 0;
    if (st == CX_OK && c->run.m.partial && merged) {
        st = cx_app_write_state_as(rep, merged, c->output, err);
    } else if (st == CX_OK && c->run.m.partial) {
        st = cx_app_write_state(rep, &c->run, c->output, err);
    } else if (st == CX_OK) {
        cx_report_warn(rep, warner);
        if (c->nthresholds) {
            breaches = cx_report_check(rep, c->thresholds, c->nthresholds);
            if (breaches < 0)
                st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
            for (size_t i = 0; breaches > 0 && i < rep->nalerts; i++)
                fprintf(stderr, "cxcalc: alert: %s\n", rep->alerts[i]);
        }
        if (st == CX_OK)
            st = cx_app_write(rep, c->format, c->output, 100, err);
    }
    if (!c->quiet && warner->count > ws->shown)
        fprintf(stderr, "cxcalc: %" PRIu64 " more warnings not shown\n",
                warner->count - ws->shown);
    if (st != CX_OK)
        return fail(err);
    return breaches > 0 ? CX_EXIT_ALERT : CX_EXIT_OK;
}

static int run_metrics(struct cx_cli *c)
{
    struct warn_state ws = {c->quiet, 0};
    struct cx_warner warner = {on_warning, &ws, 0, MAX_WARNINGS_SHOWN};
    c->run.load.warn = &warner;
    size_t ninputs = c->run.nfiles ? c->run.nfiles : 1;
    ninputs += c->run.ntransactions;
    if (c->cmd == CX_CMD_REPORT)
        for (int k = 0; k < CX_TABLE_KIND_COUNT; k++)
            ninputs += c->ntfiles[k];
    struct cx_input_stats *stats = cx_calloc(ninputs, sizeof *stats);
    struct cx_report rep;
    struct cx_error err;
    cx_error_clear(&err);
    cx_report_init(&rep);
    char split_key[256];
    cx_app_detect_partition(&c->run, split_key, sizeof split_key);
    enum cx_table_kind table = c->metric ? c->metric->table
                                         : CX_TABLE_KIND_COUNT;
    enum cx_status st;
    if (!stats)
        st = cx_error_set(&err, CX_ERR_NOMEM, NULL, "out of memory");
    else if (c->cmd == CX_CMD_REPORT)
        st = cx_app_report(&c->run, stats, &rep, &err);
    else if (c->run.ntransactions)
        st = cx_app_clv_model(&c->run, stats, &rep, &err);
    else if (table == CX_TABLE_INTERACTIONS)
        st = cx_app_run(&c->run, table, stats, &rep, &err);
    else if (table == CX_TABLE_CUSTOMERS)
        st = cx_app_customers(&c->run, stats, &rep, &err);
    else
        st = cx_app_run(&c->run, CX_TABLE_SURVEY, stats, &rep, &err);
    int rc = finish_report(c, &rep, st, &err, &warner, &ws, NULL);
    cx_report_release(&rep);
    cx_free(stats);
    return rc;
}

static int run_merge(struct cx_cli *c)
{
    struct warn_state ws = {c->quiet, 0};
    struct cx_warner warner = {on_warning, &ws, 0, MAX_WARNINGS_SHOWN};
    struct cx_report rep;
    struct cx_error err;
    cx_error_clear(&err);
    cx_report_init(&rep);
    struct cx_state_opts so;
    enum cx_status st = cx_app_merge(c->run.files, c->run.nfiles,
                                     c->run.min_n, &rep, &so, &err);
    int rc = finish_report(c, &rep, st, &err, &warner, &ws, &so);
    cx_report_release(&rep);
    return rc;
}

static int run_partition(struct cx_cli *c)
{
    const char *path = c->files[0];
    struct cx_partition_options po = {
        path, strcmp(path, "-") == 0 ? "<stdin>" : path, c->parts, c->key,
        c->out_dir, c->run.load.reader, c->run.load.header_rows};
    struct cx_partition_result res;
    struct cx_error err;
    cx_error_clear(&err);
    enum cx_status st = cx_app_partition(&po, &res, &err);
    if (st != CX_OK)
        return fail(&err);
    for (size_t i = 0; !c->quiet && i < res.nparts; i++)
        printf("%s\n", res.paths[i]);
    cx_partition_result_release(&res);
    if (fflush(stdout) == EOF || ferror(stdout)) {
        cx_error_set(&err, CX_ERR_IO, NULL, "write error: %s",
                     strerror(errno ? errno : EIO));
        err.sys_errno = errno;
        return fail(&err);
    }
    return CX_EXIT_OK;
}

int cx_cli_main(int argc, char **argv)
{
    /* A closed stdout must end the run quietly, not by a signal with a
     * temporary file left behind: see EPIPE in fail(). */
    signal(SIGPIPE, SIG_IGN);
    struct cx_cli c;
    char msg[512];
    int rc = cx_cli_parse(&c, argc, argv, msg, sizeof msg);
    if (rc != CX_EXIT_OK) {
        fprintf(stderr, "cxcalc: %s\n", msg);
        cx_cli_release(&c);
        return rc;
    }
    switch (c.cmd) {
    case CX_CMD_HELP:
        cx_cli_help(stdout, c.help_on);
        rc = fflush(stdout) == EOF ? CX_EXIT_FAILURE : CX_EXIT_OK;
        break;
    case CX_CMD_VERSION:
        printf("cxcalc %s\n", CXCALC_VERSION);
        rc = fflush(stdout) == EOF ? CX_EXIT_FAILURE : CX_EXIT_OK;
        break;
    case CX_CMD_COLUMNS:
        rc = run_columns(&c);
        break;
    case CX_CMD_MERGE:
        rc = run_merge(&c);
        break;
    case CX_CMD_PARTITION:
        rc = run_partition(&c);
        break;
    default:
        rc = run_metrics(&c);
        break;
    }
    cx_cli_release(&c);
    return rc;
}
