/*
 * contact.h - the rules of a contact-center row that AHT and FCR share
 * (SPEC §3): whether a contact was abandoned (its status), and its handle
 * time (a handle column, the sum of talk, hold and after-call work, or
 * end minus start).
 */
#ifndef CXCALC_CONTACT_H
#define CXCALC_CONTACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxcalc/error.h"
#include "cxcalc/metrics.h"
#include "cxcalc/table.h"
#include "table/cell.h"

/* A status text (any case, blanks and '-' as '_') that means the contact
 * was not handled: abandoned, abandon, missed, unanswered, no_answer,
 * hang, hangup, hang_up, hung_up, dropped, phantom, voicemail, timeout. */
bool cx_status_abandoned(const char *s, size_t len);

/* s is one of the comma-separated values of list (compared as
 * cx_status_abandoned compares). */
bool cx_status_listed(const char *s, size_t len, const char *list);

/*
 * Whether a status value means the contact was not handled, under the
 * options: with --handled, every value not in its list; else a built-in
 * word (cx_status_abandoned), a value of --abandoned, or a "no" of an
 * answered flag (N, no, false, 0: a column such as 'Answered (Y/N)').
 * An empty status is never "not handled".
 */
bool cx_status_not_handled(const char *s, size_t len,
                           const struct cx_metric_opts *o);

/* Extend (*marks)[0..*n) to every string t has interned so far: 1 for a
 * status not handled (cx_status_not_handled), else 0; 0, or -1 when out
 * of memory. */
int cx_status_marks(uint8_t **marks, size_t *n, const struct cx_table *t,
                    const struct cx_metric_opts *o);

/* Where handle times come from. */
enum cx_handle_source {
    CX_HANDLE_NONE, CX_HANDLE_COLUMN, CX_HANDLE_PARTS, CX_HANDLE_TIMES
};

/* The columns of an interactions table the rules read (-1: not read). */
struct cx_contacts {
    long status, handle, talk, hold, acw, start, end;
    enum cx_handle_source src;
    const struct cx_metric_opts *o;     /* --handled, --abandoned */
    uint8_t *marks;             /* per interned string: not handled */
    size_t nmarks;
};

/* Add the status column (and, with handle_time, the handle-time
 * columns) to t, statuses read under o; 0, or -1 when out of memory. */
int cx_contacts_plan(struct cx_contacts *c, struct cx_table *t,
                     const struct cx_metric_opts *o, bool handle_time);

/* Once every row is read: mark the abandoned statuses among t's strings
 * and choose where handle times come from (CX_HANDLE_NONE: nowhere). */
enum cx_status cx_contacts_ready(struct cx_contacts *c,
                                 const struct cx_table *t,
                                 struct cx_error *err);
void cx_contacts_release(struct cx_contacts *c);

/* Some input had column col (col >= 0). */
bool cx_found(const struct cx_table *t, long col);

bool cx_contact_abandoned(const struct cx_contacts *c,
                          const struct cx_table *t, size_t r);

/* Whether the columns of handle-time source src are in some input. */
bool cx_handle_source_found(const struct cx_contacts *c,
                            const struct cx_table *t,
                            enum cx_handle_source src);

/* The source a run takes: the first found of a handle column, talk, hold
 * or acw columns, start and end (CX_HANDLE_NONE: none is). */
enum cx_handle_source cx_handle_source_of(const struct cx_contacts *c,
                                          const struct cx_table *t);

/* The handle time of row r (from c->src, or from src): CX_CELL_OK with
 * *ms, or missing / invalid. */
enum cx_cell cx_handle_time(const struct cx_contacts *c,
                            const struct cx_table *t, size_t r, int64_t *ms);
enum cx_cell cx_handle_time_from(const struct cx_contacts *c,
                                 enum cx_handle_source src,
                                 const struct cx_table *t, size_t r,
                                 int64_t *ms);

/* A part of the handle time (talk, hold, acw) of row r, 0 when it is
 * missing or invalid or the table has no such column. */
int64_t cx_handle_part(const struct cx_table *t, long col, size_t r);

#endif
