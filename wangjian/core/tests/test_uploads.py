"""The import limits of wangjian.core.uploads, on files built in the test."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from wangjian.core.uploads import (
    FileRefused,
    ImportLimits,
    cell_problem,
    check_xlsx_archive,
    csv_rows,
    decode_text,
    json_depth,
    xlsx_rows,
)


def workbook(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_non_zip_xlsx_is_refused_by_name():
    with pytest.raises(FileRefused) as refused:
        check_xlsx_archive("a.xlsx", b"this is not a zip", ImportLimits())
    assert str(refused.value) == (
        "文件 a.xlsx：不是有效的 XLSX 文件（不是 zip 压缩包）/ file a.xlsx: not a valid XLSX"
        " file (not a zip archive)"
    )


def test_a_highly_compressed_member_is_refused_before_decompression():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 2_000_000)  # 12 MB of repeats
    with pytest.raises(FileRefused, match=r"sheet1\.xml compressed \d+:1, over 100:1"):
        check_xlsx_archive("bomb.xlsx", buffer.getvalue(), ImportLimits())


def test_the_uncompressed_total_is_capped():
    content = workbook([["a", "b"]] * 50)
    expanded = check_xlsx_archive("ok.xlsx", content, ImportLimits())
    assert expanded > 10_000
    with pytest.raises(FileRefused, match="expands beyond 0 MB; refused"):
        check_xlsx_archive("ok.xlsx", content, ImportLimits(max_uncompressed_bytes=10_000))


def test_rows_and_columns_are_counted_as_they_stream():
    limits = ImportLimits(max_rows=3, max_columns=4)
    rows = list(xlsx_rows("ok.xlsx", workbook([["h1", "h2"], [1, 2], [3, 4], [5, 6]]), limits))
    assert rows == [("h1", "h2"), (1, 2), (3, 4), (5, 6)]
    with pytest.raises(FileRefused, match="more than 3 data rows; split it"):
        list(xlsx_rows("big.xlsx", workbook([["h"]] + [[n] for n in range(5)]), limits))
    with pytest.raises(FileRefused, match="row 1 has 5 columns, over the 4 limit"):
        list(csv_rows("wide.csv", b"a,b,c,d,e\n", limits))


def test_a_csv_field_over_the_csv_limit_refuses_the_file_naming_the_line():
    content = ("a,b\n1,2\n3," + "x" * 131_073 + "\n").encode()
    with pytest.raises(FileRefused) as refused:
        list(csv_rows("huge.csv", content, ImportLimits()))
    assert "file huge.csv line 3 cannot be read (field larger than field limit (131072))" in str(
        refused.value
    )


def test_gb18030_text_is_read_and_anything_else_refused():
    assert decode_text("gbk.csv", "店铺编号,名称\n".encode("gbk")) == "店铺编号,名称\n"
    assert decode_text("bom.csv", "\ufeff名称".encode()) == "名称"
    with pytest.raises(FileRefused, match="not UTF-8 or GB18030 text"):
        decode_text("bin.csv", b"\xff\xfe\x00\x81\x30")


def test_cells_with_control_characters_or_too_long_are_named():
    limits = ImportLimits(max_cell_chars=10)
    assert cell_problem("杨浦\x00店", limits)[0] == "control_character"
    assert cell_problem("a\x1bb", limits)[0] == "control_character"
    assert cell_problem("第一行\n第二行\t", limits) is None
    assert cell_problem("x" * 11, limits) == (
        "too_long",
        "超过 10 个字符（11）",
        "longer than 10 characters (11)",
    )


def test_json_depth_is_measured_without_recursion():
    deep = current = []
    for _ in range(100_000):
        current.append([])
        current = current[0]
    assert json_depth(deep, 64) == 65
    assert json_depth({"shops": [{"a": 1}]}, 64) == 3
