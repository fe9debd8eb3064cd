#!/usr/bin/python3
"""Write a CSV file as an Excel 97-2003 (.xls) workbook, with Debian's
python3-xlwt (apt-get install python3-xlwt): the test copies of the
sample exports.

    make_xls.py [--sheet NAME] in.csv out.xls

Cells as make_xlsx.py writes them: a plain decimal number as a number, a
valid ISO date or date-time in UTC or local time as a date with the format
YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (the fraction of a second and the Z
dropped; one with a zone offset, or not a real date, stays text), other
text as text, an empty cell not at all.
"""
import argparse
import csv
import datetime
import re

import xlwt

NUMBER = re.compile(r'-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$')
DATE = re.compile(r'(\d{4})-(\d{2})-(\d{2})$')
DATETIME = re.compile(
    r'(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z?$')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sheet', default='Sheet1')
    ap.add_argument('src')
    ap.add_argument('dst')
    a = ap.parse_args()
    book = xlwt.Workbook(encoding='utf-8')
    sheet = book.add_sheet(a.sheet)
    date = xlwt.easyxf(num_format_str='YYYY-MM-DD')
    stamp = xlwt.easyxf(num_format_str='YYYY-MM-DD HH:MM:SS')
    with open(a.src, newline='', encoding='utf-8-sig') as f:
        for r, rec in enumerate(csv.reader(f)):
            for c, v in enumerate(rec):
                if v == '':
                    continue
                m = DATETIME.match(v) or DATE.match(v)
                try:
                    when = m and datetime.datetime(
                        *(int(g or 0) for g in m.groups()))
                except ValueError:
                    when = None
                if when:
                    sheet.write(r, c, when,
                                stamp if len(m.groups()) == 6 else date)
                elif NUMBER.match(v):
                    sheet.write(r, c, float(v) if '.' in v else int(v))
                else:
                    sheet.write(r, c, v)
    book.save(a.dst)


if __name__ == '__main__':
    main()
