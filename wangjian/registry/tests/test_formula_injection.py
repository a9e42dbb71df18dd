"""Registry exports (the submission error report and the entity list, page and API) write
platform-supplied text as string cells, never as formulas."""

import io
import zipfile

import pytest
from django.test import Client
from openpyxl import load_workbook

from wangjian.registry.tests.factories import make_entity, make_uscc
from wangjian.registry.tests.test_import import submit

pytestmark = pytest.mark.django_db

HEADER = (
    "店铺编号,店铺名称,店铺网址,经营者名称,统一社会信用代码,身份证号码,免于登记声明,实际经营地址,"
    "联系方式,年交易额,主营类目,开店日期\n"
)
ROW = "S900,=1+2,https://shop.example.com/s900,某公司,=1+2,,,上海市杨浦区国定路1号,,,食品,\n"


def _cells(content: bytes):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    sheet = load_workbook(io.BytesIO(content)).active
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_error_report_xlsx_page_and_api(register, regulator):
    submission = submit(register, (HEADER + ROW).encode()).submission
    client = _client(regulator)
    for response in (
        client.get(f"/registry/submissions/{submission.pk}/errors.xlsx"),
        client.get(f"/api/v1/registry/submissions/{submission.pk}/errors/?format=xlsx"),
    ):
        assert response.status_code == 200
        rows = _cells(response.content)
        uscc = next(row for row in rows[1:] if row[4][0] == "uscc")
        assert uscc[3] == ("'=1+2", "s")
        # The row number is a typed number and stays one.
        assert uscc[0] == (2, "n")


def test_entity_export_xlsx_page_and_api(register, regulator, divisions):
    uscc = make_uscc("91310110", "MA1G0009")
    make_entity(
        uscc,
        '=HYPERLINK("http://evil.example/","杨浦公司")',
        divisions["yangpu"],
        address="@SUM(1+1)",
    )
    client = _client(regulator)
    for response in (
        client.get("/registry/export.xlsx"),
        client.get("/api/v1/registry/entities/export/"),
    ):
        assert response.status_code == 200
        rows = _cells(response.content)
        row = next(r for r in rows if r[0][0] == uscc)
        assert row[1] == ('\'=HYPERLINK("http://evil.example/","杨浦公司")', "s")
        assert row[4] == ("'@SUM(1+1)", "s")
