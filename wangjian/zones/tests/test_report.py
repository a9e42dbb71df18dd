"""The evaluation report PDF renders Chinese: its first page is not blank."""

import datetime as dt
import subprocess

from PIL import Image

from wangjian.core.documents import INTERNAL_NOTE_MARKERS
from wangjian.zones import actions
from wangjian.zones.report import render_report_html, render_report_pdf
from wangjian.zones.tests.helpers import score_all, to_creating, to_evaluating

D = dt.date


def test_evaluation_report_pdf_renders_chinese(
    tmp_path, programme, applicant, city_bureau, province_admin, evaluator_unit, evaluator
):
    application = to_creating(
        programme=programme,
        applicant=applicant,
        city_bureau=city_bureau,
        province_admin=province_admin,
    )
    to_evaluating(
        application=application,
        applicant=applicant,
        province_admin=province_admin,
        evaluator_unit=evaluator_unit,
        evaluator=evaluator,
    )
    score_all(application=application, evaluator=evaluator, scores={"industry_scale": 2})
    report = actions.issue_evaluation_report(
        actor=evaluator, application=application, on=D(2026, 9, 20), conclusion="建议予以公示。"
    )
    html = render_report_html(report)
    assert "余杭区网络监管与服务示范区" in html
    # An outgoing report: no staff-only verification remark.
    assert [marker for marker in INTERNAL_NOTE_MARKERS if marker in html] == []
    assert "《浙江省网络监管与服务示范区创建办法(试行)》第二十九条" in html

    pdf = render_report_pdf(report)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    page_path = next(tmp_path.glob("page*.png"))
    page = Image.open(page_path).convert("L")
    dark = sum(page.histogram()[:128])
    # An A4 page at 60 dpi has 496 × 702 pixels; a title, two tables and paragraphs of CJK
    # text darken a few per cent of them, a blank or tofu-free empty page none.
    assert dark > 5000, dark
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert "Noto-Serif-CJK-SC" in fonts.stdout, fonts.stdout
