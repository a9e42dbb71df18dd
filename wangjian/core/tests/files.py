"""Hostile files built in the test run (no fixtures checked in): an XLSX zip bomb."""

import functools


@functools.cache
def zip_bomb_xlsx(header: tuple[str, ...], megabytes: int = 300) -> bytes:
    """A valid-looking XLSX of well under 1 MB whose sheet expands to ``megabytes`` MB of rows
    (a zip bomb), streamed into the archive so that building it never holds the sheet."""
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(header))
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    bomb = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, source.read(info.filename))
                continue
            with archive.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                )
                chunk = row * 1000  # about 1 MB
                for _ in range(megabytes):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return bomb.getvalue()
