"""Writing CSV and XLSX files that spreadsheet programs open safely (formula injection).

Exports carry text typed by people outside the bureau: an anonymous complaint form, a 12315
import, a platform's submission, a triage note quoting a shop page. A cell whose text begins with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some programs skip before
reading a formula) is evaluated as a formula when the file is opened: ``=HYPERLINK(…)`` sends
data away, ``=cmd|' /C calc'!A0`` asks to start a program (OWASP, "CSV Injection"). Every
writer of CSV or XLSX in wangjian goes through this module:

- text cells starting with one of those characters (or their full-width forms, which input
  methods produce and some programs accept) get a leading apostrophe, the spreadsheet
  convention for "this is text";
- XLSX text cells are written with the string type (``data_type`` ``s``), never as formulas;
- typed numbers, dates and booleans stay what they are, so a negative amount is still a number.

No Django here: the monitoring engine, which runs without Django, writes through it too.
"""

import csv
import io

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
TEXT_MARK = "'"


def neutralise(value):
    """The value as a spreadsheet shows it without evaluating it: text that a spreadsheet would
    read as a formula gets a leading apostrophe; everything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return TEXT_MARK + value
    return value


def safe_row(values) -> list:
    return [neutralise(value) for value in values]


class SafeCsvWriter:
    """``csv.writer`` whose rows are neutralised cell by cell."""

    def __init__(self, handle, **options):
        self._writer = csv.writer(handle, **options)

    def writerow(self, values) -> None:
        self._writer.writerow(safe_row(values))

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle, **options) -> SafeCsvWriter:
    return SafeCsvWriter(handle, **options)


def csv_text(headers, rows) -> str:
    """CSV text of a header row (or rows, when ``headers`` is a list of lists) and data rows."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    for header in headers:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def xlsx_cells(sheet, values) -> list:
    """One row for ``sheet.append`` (write-only or ordinary worksheet): text as string cells,
    neutralised; other values as they are."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            # openpyxl guesses the type from the value; text is text, whatever it starts with.
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def new_workbook():
    """A write-only workbook (rows streamed, memory flat) for ``xlsx_cells`` rows."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


def xlsx_bytes(title: str, headers, rows) -> bytes:
    """An XLSX file of one sheet: a header row and the data rows, every cell through
    ``xlsx_cells``."""
    workbook = new_workbook()
    sheet = workbook.create_sheet(title[:31])
    sheet.append(xlsx_cells(sheet, headers))
    for row in rows:
        sheet.append(xlsx_cells(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
