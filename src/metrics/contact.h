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
#include "cxcalc/table.h"
#include "table/cell.h"

/* A status text (any case, blanks and '-' as '_') that means the contact
 * was abandoned: abandoned, abandon, missed, no_answer, hang, hangup,
 * hang_up, hung_up. */
bool cx_status_abandoned(const char *s, size_t len);

/* A yes/no value (y, n, yes, no, true, false, 1, 0, any case): what an
 * "answered" flag holds, not a status. */
bool cx_status_is_flag(const char *s, size_t len);

/* What an interned text is as a status: bits of CX_STATUS_ABANDONED and
 * CX_STATUS_FLAG (a yes/no value). */
enum { CX_STATUS_ABANDONED = 1, CX_STATUS_FLAG = 2 };

/* Extend (*marks)[0..*n) to every string t has interned so far; 0, or -1
 * when out of memory. */
int cx_status_marks(uint8_t **marks, size_t *n, const struct cx_table *t);

/* Where handle times come from. */
enum cx_handle_source {
    CX_HANDLE_NONE, CX_HANDLE_COLUMN, CX_HANDLE_PARTS, CX_HANDLE_TIMES
};

/* The columns of an interactions table the rules read (-1: not read). */
struct cx_contacts {
    long status, handle, talk, hold, acw, start, end;
    enum cx_handle_source src;
    uint8_t *marks;             /* per interned string: CX_STATUS_* */
    size_t nmarks;
};

/* Add the status column (and, with handle_time, the handle-time
 * columns) to t; 0, or -1 when out of memory. */
int cx_contacts_plan(struct cx_contacts *c, struct cx_table *t,
                     bool handle_time);

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

/* The handle time of row r: CX_CELL_OK with *ms, or missing / invalid. */
enum cx_cell cx_handle_time(const struct cx_contacts *c,
                            const struct cx_table *t, size_t r, int64_t *ms);

/* A part of the handle time (talk, hold, acw) of row r, 0 when it is
 * missing or invalid or the table has no such column. */
int64_t cx_handle_part(const struct cx_table *t, long col, size_t r);

#endif
