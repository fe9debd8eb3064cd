#!/usr/bin/env python3
"""Write a CSV file as a one-sheet .xlsx workbook, with nothing but the
standard library (zipfile): the test copies of the sample exports.

    make_xlsx.py [--sheet NAME] [--strings-last] [--break CELL] in.csv out.xlsx

Each cell is written as Excel would store it when the export is opened and
saved:

- a plain decimal number (no leading zero, no trailing zero after the
  point: 10, -3, 1.74) as a number;
- a valid ISO date (2026-05-12) or date-time in UTC or local time
  (2026-05-12 13:36, 2026-05-12T13:36:55.036Z; the fraction of a second
  and the Z are dropped) as a serial number in the 1900 date system with
  a date format (built-in 14, or the custom format yyyy-mm-dd hh:mm:ss);
  one with a zone offset, or not a real date (2026-02-30), stays text, as
  in Excel;
- other text of the first nine columns as a shared string, from the
  tenth column on as an inline string (both kinds are in the file);
- an empty cell not at all (the row skips it).

--strings-last puts sharedStrings.xml after the sheet in the zip, as some
writers do.  --break CELL (C17) writes that cell as a shared string whose
number is past the table's end: a damaged workbook for the error tests.
"""
import argparse
import csv
import datetime
import re
import zipfile
from xml.sax.saxutils import escape

NUMBER = re.compile(r'-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$')
DATE = re.compile(r'(\d{4})-(\d{2})-(\d{2})$')
DATETIME = re.compile(
    r'(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z?$')
EPOCH = datetime.datetime(1899, 12, 30)


def col_name(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def text(s):
    # Keep line breaks and blanks; escape what XML needs.
    return escape(s, {'"': '&quot;'})


def cell(ref, value, col, strings, index):
    m = DATETIME.match(value) or DATE.match(value)
    try:
        when = m and datetime.datetime(*(int(g or 0) for g in m.groups()))
    except ValueError:          # 2026-02-30 stays text, as Excel keeps it
        when = None
    if when and len(m.groups()) == 6:
        serial = (when - EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="2"><v>{serial!r}</v></c>'
    if when:
        return f'<c r="{ref}" s="1"><v>{(when - EPOCH).days}</v></c>'
    if NUMBER.match(value):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if col >= 9:
        sp = ' xml:space="preserve"' if value != value.strip() else ''
        return f'<c r="{ref}" t="inlineStr"><is><t{sp}>{text(value)}</t></is></c>'
    if value not in index:
        index[value] = len(strings)
        strings.append(value)
    return f'<c r="{ref}" t="s"><v>{index[value]}</v></c>'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sheet', default='Sheet1')
    ap.add_argument('--strings-last', action='store_true')
    ap.add_argument('--break', dest='broken', metavar='CELL')
    ap.add_argument('src')
    ap.add_argument('dst')
    a = ap.parse_args()

    strings, index, rows = [], {}, []
    with open(a.src, newline='', encoding='utf-8-sig') as f:
        for r, rec in enumerate(csv.reader(f), 1):
            cells = ''.join(cell(f'{col_name(c)}{r}', v, c, strings, index)
                            for c, v in enumerate(rec) if v != '')
            if a.broken and re.sub(r'^[A-Z]+', '', a.broken) == str(r):
                cells += f'<c r="{a.broken}" t="s"><v>999999</v></c>'
            rows.append(f'<row r="{r}">{cells}</row>')

    ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
    rel = ('http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships')
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<worksheet xmlns="{ns}"><sheetData>{"".join(rows)}'
             f'</sheetData></worksheet>')
    sst = ''.join(f'<si><t xml:space="preserve">{text(s)}</t></si>'
                  for s in strings)
    shared = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<sst xmlns="{ns}" count="{len(strings)}" '
              f'uniqueCount="{len(strings)}">{sst}</sst>')
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<styleSheet xmlns="{ns}"><numFmts count="1">'
              f'<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd hh:mm:ss"/>'
              f'</numFmts><cellXfs count="3"><xf numFmtId="0"/>'
              f'<xf numFmtId="14" applyNumberFormat="1"/>'
              f'<xf numFmtId="164" applyNumberFormat="1"/></cellXfs>'
              f'</styleSheet>')
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
                f'<sheet name="{text(a.sheet)}" sheetId="1" r:id="rId1"/>'
                f'</sheets></workbook>')
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>')
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default '
        'Extension="xml" ContentType="application/xml"/><Override '
        'PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '</Types>')
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="rId1" Type="{rel}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>')

    parts = [('[Content_Types].xml', types), ('_rels/.rels', root_rels),
             ('xl/workbook.xml', workbook),
             ('xl/_rels/workbook.xml.rels', wb_rels),
             ('xl/styles.xml', styles)]
    if a.strings_last:
        parts += [('xl/worksheets/sheet1.xml', sheet),
                  ('xl/sharedStrings.xml', shared)]
    else:
        parts += [('xl/sharedStrings.xml', shared),
                  ('xl/worksheets/sheet1.xml', sheet)]
    with zipfile.ZipFile(a.dst, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


if __name__ == '__main__':
    main()
