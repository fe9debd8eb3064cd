/* output.c - write a report where the user asked (see app.h). */
#include "cxcalc/app.h"
#include "io/outfile.h"

enum cx_status cx_app_write(const struct cx_report *rep,
                            enum cx_format format, const char *path,
                            int width, struct cx_error *err)
{
    struct cx_outfile out;
    enum cx_status st = cx_outfile_open(&out, path, err);
    if (st != CX_OK)
        return st;
    switch (format) {
    case CX_FORMAT_JSON: st = cx_write_json(rep, out.f, err); break;
    case CX_FORMAT_TEXT: st = cx_write_text(rep, out.f, width, err); break;
    case CX_FORMAT_CSV: st = cx_write_csv(rep, out.f, err); break;
    }
    if (st != CX_OK) {
        cx_outfile_abort(&out);
        return st;
    }
    return cx_outfile_commit(&out, err);
}
