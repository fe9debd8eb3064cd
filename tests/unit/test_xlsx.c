/* test_xlsx.c - .xlsx sheets as CSV text: shared and inline strings,
 * numbers, dates from the cell style, empty cells and rows, the sheet by
 * name, and errors that name the sheet and the cell.  The workbooks are
 * made here, zipped with libarchive's writer. */
#include <archive.h>
#include <archive_entry.h>
#include <string.h>

#include "io/source.h"
#include "test_util.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/" \
           "main\" xmlns:r=\"http://schemas.openxmlformats.org/"           \
           "officeDocument/2006/relationships\""

static const char workbook[] =
    "<workbook " NS "><workbookPr/><sheets>"
    "<sheet name=\"Notes\" sheetId=\"2\" r:id=\"rId2\"/>"
    "<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"
    "</sheets></workbook>";

static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"worksheet\" "
    "Target=\"/xl/worksheets/notes.xml\"/></Relationships>";

/* cellXfs: 0 General, 1 built-in 14 (m/d/yyyy), 2 custom 164 with a
 * quoted "d" that is no date code, 3 custom 165 dd/mm/yyyy hh:mm,
 * 4 built-in 21 (h:mm:ss), 5 built-in 46 ([h]:mm:ss); a cellStyleXfs
 * entry before them must not count. */
static const char styles[] =
    "<styleSheet " NS "><numFmts count=\"2\">"
    "<numFmt numFmtId=\"164\" formatCode=\"0.0&quot; d&quot;\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"dd/mm/yyyy\\ hh:mm\"/>"
    "</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/>"
    "</cellStyleXfs><cellXfs count=\"6\"><xf numFmtId=\"0\"/>"
    "<xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
    "<xf numFmtId=\"21\"/><xf numFmtId=\"46\"/></cellXfs></styleSheet>";

static const char strings[] =
    "<sst " NS "><si><t>id</t></si><si><t>nps</t></si>"
    "<si><r><t>when</t></r><r><t xml:space=\"preserve\"> </t></r>"
    "<rPh><t>ruby</t></rPh></si><si><t>a, \"quoted\"\nline</t></si></sst>";

/* Row 1 the header (shared strings, one of them with two runs and a
 * phonetic run); row 2 a number, an inline string, a date; row 3 skips
 * B (empty cell) and the date-time; row 4 is missing; row 5 has only a
 * cell without value; row 6 a number with a quoted "d" in its format,
 * booleans, times; row 7 a shared string with a comma, quote and line
 * break. */
static const char sheet[] =
    "<worksheet " NS "><dimension ref=\"A1:D7\"/><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
    "<c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c>"
    "<c r=\"D1\" t=\"inlineStr\"><is><t>flag</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\"><v>1</v></c>"
    "<c r=\"B2\" t=\"inlineStr\"><is><t>10 - Extremely likely</t></is></c>"
    "<c r=\"C2\" s=\"1\"><v>46143</v></c></row>"
    "<row r=\"3\"><c r=\"A3\"><v>2.5</v></c>"
    "<c r=\"C3\" s=\"3\"><v>46143.5625</v></c></row>"
    "<row r=\"5\"><c r=\"A5\" s=\"1\"/></row>"
    "<row r=\"6\"><c r=\"A6\" s=\"2\"><v>0.1</v></c>"
    "<c r=\"B6\" s=\"4\"><v>0.0036111111111111109</v></c>"
    "<c r=\"C6\" s=\"5\"><v>1.5</v></c><c r=\"D6\" t=\"b\"><v>1</v></c>"
    "</row>"
    "<row r=\"7\"><c r=\"A7\"><v>1E+20</v></c><c r=\"B7\" t=\"s\"><v>3</v>"
    "</c><c r=\"C7\" t=\"e\"><v>#N/A</v></c>"
    "<c r=\"D7\" t=\"str\"><f>A1</f><v> padded </v></c></row>"
    "</sheetData></worksheet>";

static const char expected[] =
    "id,nps,\"when \",flag\n"
    "1,10 - Extremely likely,2026-05-01,\n"
    "2.5,,2026-05-01T13:30:00,\n"
    "\n"
    "\n"
    "0.1,0:05:12,36:00:00,TRUE\n"
    "1e+20,\"a, \"\"quoted\"\"\nline\",#N/A,\" padded \"\n";

static const char notes[] =
    "<worksheet " NS "><sheetData><row r=\"2\"><c r=\"B2\" t=\"inlineStr\">"
    "<is><t>note</t></is></c></row></sheetData></worksheet>";

struct part {
    const char *name, *text;
};

/* A zip of the parts, in this order, into out; its size. */
static size_t zip(const struct part *parts, size_t n, unsigned char *out,
                  size_t cap)
{
    struct archive *a = archive_write_new();
    size_t used = 0;
    assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_open_memory(a, out, cap, &used),
                     ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, parts[i].name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)strlen(parts[i].text));
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        assert_int_equal(archive_write_data(a, parts[i].text,
                                            strlen(parts[i].text)),
                         (la_ssize_t)strlen(parts[i].text));
        archive_entry_free(e);
    }
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    return used;
}

static unsigned char book[1 << 16];

/* The standard workbook with `sheet_xml` as its sheet Data; shared
 * strings before or after the sheets. */
static size_t make_book(const char *sheet_xml, bool strings_last)
{
    struct part parts[] = {
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels", rels},
        {"xl/styles.xml", styles},
        {"xl/sharedStrings.xml", strings},
        {"xl/worksheets/notes.xml", notes},
        {"xl/worksheets/sheet1.xml", sheet_xml},
    };
    if (strings_last) {
        struct part s = parts[3];
        parts[3] = parts[4];
        parts[4] = parts[5];
        parts[5] = s;
    }
    return zip(parts, 6, book, sizeof book);
}

/* The text of a sheet, read in pieces of `piece` bytes, or its error. */
static enum cx_status sheet_text(size_t len, const char *name, size_t piece,
                                 char *out, size_t cap,
                                 struct cx_error *err)
{
    struct cx_source *s = cx_xlsx_new_mem(book, len, name, "b.xlsx", err);
    if (!s)
        return err->status;
    size_t have = 0;
    enum cx_status st;
    for (;;) {
        size_t got = 0;
        st = cx_source_read(s, (unsigned char *)out + have,
                            piece < cap - 1 - have ? piece : cap - 1 - have,
                            &got, err);
        if (st != CX_OK || got == 0)
            break;
        have += got;
    }
    out[have] = '\0';
    cx_source_free(s);
    return st;
}

static void test_cells_to_csv(void **state)
{
    (void)state;
    for (int last = 0; last < 2; last++) {
        size_t len = make_book(sheet, last);
        for (size_t piece = 1; piece <= 4096; piece *= 8) {
            char out[4096];
            struct cx_error err;
            assert_int_equal(sheet_text(len, "Data", piece, out, sizeof out,
                                        &err), CX_OK);
            assert_string_equal(out, expected);
        }
    }
}

/* No --sheet: the first sheet of the workbook, whatever its part. */
static void test_first_sheet_by_default(void **state)
{
    (void)state;
    size_t len = make_book(sheet, false);
    char out[4096];
    struct cx_error err;
    assert_int_equal(sheet_text(len, NULL, 100, out, sizeof out, &err),
                     CX_OK);
    assert_string_equal(out, "\n,note\n");
}

static void test_missing_sheet_lists_the_sheets(void **state)
{
    (void)state;
    size_t len = make_book(sheet, false);
    char out[4096], line[1200];
    struct cx_error err;
    assert_int_equal(sheet_text(len, "Sheet9", 100, out, sizeof out, &err),
                     CX_ERR_USAGE);
    cx_error_format(&err, line, sizeof line);
    assert_string_equal(line, "b.xlsx: no sheet 'Sheet9' in the workbook "
                              "(its sheets: 'Notes', 'Data')");
}

/* A shared string index past the table and a number that is not one:
 * the error names the sheet and the cell. */
static void test_bad_cells_are_named(void **state)
{
    (void)state;
    char big[4096], out[8192], line[1200];
    struct cx_error err;
    snprintf(big, sizeof big,
             "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" "
             "t=\"s\"><v>0</v></c></row><row r=\"17\"><c r=\"C17\" "
             "t=\"s\"><v>4</v></c></row></sheetData></worksheet>");
    size_t len = make_book(big, false);
    assert_int_equal(sheet_text(len, "Data", 7, out, sizeof out, &err),
                     CX_ERR_VALUE);
    cx_error_format(&err, line, sizeof line);
    assert_string_equal(line, "b.xlsx: Data!C17: no shared string (the "
                              "workbook has 4) numbered '4'");
    snprintf(big, sizeof big,
             "<worksheet " NS "><sheetData><row r=\"3\"><c r=\"AB3\">"
             "<v>12abc</v></c></row></sheetData></worksheet>");
    len = make_book(big, false);
    assert_int_equal(sheet_text(len, "Data", 4096, out, sizeof out, &err),
                     CX_ERR_VALUE);
    cx_error_format(&err, line, sizeof line);
    assert_string_equal(line, "b.xlsx: Data!AB3: not a number: '12abc'");
}

static void test_malformed_xml_and_non_workbook_zip(void **state)
{
    (void)state;
    char out[4096];
    struct cx_error err;
    size_t len = make_book("<worksheet><sheetData><row></sheetData>", false);
    assert_int_equal(sheet_text(len, "Data", 4096, out, sizeof out, &err),
                     CX_ERR_IO);
    assert_non_null(strstr(err.msg, "sheet 'Data': malformed XML at line 1"));
    struct part other[] = {{"readme.txt", "hello"}};
    len = zip(other, 1, book, sizeof book);
    assert_int_equal(sheet_text(len, NULL, 4096, out, sizeof out, &err),
                     CX_ERR_ENCODING);
    assert_non_null(strstr(err.msg, "not an .xlsx workbook"));
}

/* The 1904 date system (Excel for Mac before 2011): serial 0 is
 * 1904-01-01; in the 1900 system 1 is 1900-01-01 and 61 is 1900-03-01
 * (Excel's 1900-02-29, serial 60, does not exist). */
static void test_date_systems(void **state)
{
    (void)state;
    static const char s1900[] =
        "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\">"
        "<v>1</v></c><c r=\"B1\" s=\"1\"><v>61</v></c><c r=\"C1\" s=\"1\">"
        "<v>45658</v></c></row></sheetData></worksheet>";
    char out[4096];
    struct cx_error err;
    size_t len = make_book(s1900, false);
    assert_int_equal(sheet_text(len, "Data", 4096, out, sizeof out, &err),
                     CX_OK);
    assert_string_equal(out, "1900-01-01,1900-03-01,2025-01-01\n");
    static const char wb1904[] =
        "<workbook " NS "><workbookPr date1904=\"1\"/><sheets>"
        "<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
        "</workbook>";
    struct part parts[] = {
        {"xl/workbook.xml", wb1904},
        {"xl/_rels/workbook.xml.rels", rels},
        {"xl/styles.xml", styles},
        {"xl/worksheets/sheet1.xml", s1900},
    };
    len = zip(parts, 4, book, sizeof book);
    assert_int_equal(sheet_text(len, NULL, 4096, out, sizeof out, &err),
                     CX_OK);
    assert_string_equal(out, "1904-01-02,1904-03-02,2029-01-02\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells_to_csv),
        cmocka_unit_test(test_first_sheet_by_default),
        cmocka_unit_test(test_missing_sheet_lists_the_sheets),
        cmocka_unit_test(test_bad_cells_are_named),
        cmocka_unit_test(test_malformed_xml_and_non_workbook_zip),
        cmocka_unit_test(test_date_systems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
