"""Hot spots, consumer warnings (draft → chief approves → public), de-identified public data,
the public form and lookup, and the PDF notices."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.test import Client

from wangjian.complaints import actions
from wangjian.complaints.choices import State
from wangjian.complaints.documents import render_document_pdf
from wangjian.complaints.home import complaint_clocks_card
from wangjian.complaints.models import Complaint, ConsumerWarning, HotSpot
from wangjian.complaints.public import public_csv
from wangjian.complaints.tests.factories import file

pytestmark = pytest.mark.django_db


def _spike(divisions, on):
    # One complaint a week in the four weeks before, then six in the last seven days.
    for week in range(1, 5):
        file(
            divisions["yangpu"],
            on=on - dt.timedelta(days=7 * week + 1),
            complainant_phone=f"1380000{week:04d}",
            facts=f"第{week}周：收到的坚果礼盒有霉变，商家拒绝退款，客服态度恶劣。",
        )
    for day in range(6):
        file(
            divisions["yangpu"],
            on=on - dt.timedelta(days=day),
            complainant_phone=f"1390000{day:04d}",
            facts=f"顾客{day}：预售坚果礼盒迟迟不发货，申请退款被拒，平台客服推诿。",
        )


def test_spike_raises_hotspot_and_warning_is_published_after_approval(
    world, divisions, regulator, section_chief
):
    on = dt.date(2026, 3, 20)
    _spike(divisions, on)
    raised = actions.detect_hotspots(actor=regulator, division=divisions["yangpu"], on=on)
    by_dimension = {(h.dimension, h.value): h for h in raised}
    assert set(by_dimension) == {
        ("respondent", "甲乙食品旗舰店"),
        ("category", "食品"),
        ("platform", "好物商城"),
        ("issue", "质量问题"),
    }
    hotspot = by_dimension[("respondent", "甲乙食品旗舰店")]
    assert (hotspot.count, hotspot.baseline) == (6, 1.0)
    assert len(hotspot.sample) == 6
    # Detecting again the same day changes nothing.
    actions.detect_hotspots(actor=regulator, division=divisions["yangpu"], on=on)
    assert HotSpot.objects.count() == 4
    warning = actions.draft_warning(
        actor=regulator,
        division=divisions["yangpu"],
        hotspot=hotspot,
        title="关于网购预售坚果礼盒的消费警示",
        body="近期我局收到多起网购预售坚果礼盒不发货、拒绝退款的投诉。提醒消费者选择信誉良好的商家，保留订单和聊天记录。",
    )
    assert Client().get("/complaints/public/warnings/").content.decode().count("坚果礼盒") == 0
    with pytest.raises(actions.ComplaintError) as own:
        actions.approve_warning(actor=regulator, warning=warning)
    assert own.value.rule == "capability"
    actions.approve_warning(actor=section_chief, warning=warning, on=on)
    page = Client().get("/complaints/public/warnings/").content.decode()
    assert "关于网购预售坚果礼盒的消费警示" in page
    detail = Client().get(f"/complaints/public/warnings/{warning.pk}/")
    assert "保留订单和聊天记录" in detail.content.decode()


def test_public_data_is_de_identified(world, divisions, regulator):
    complaint = file(divisions["yangpu"], on=dt.date(2026, 3, 2)).records[0]
    actions.decide_acceptance(
        actor=regulator, complaint=complaint, accept=True, on=dt.date(2026, 3, 3)
    )
    actions.record_agreement(
        actor=regulator, complaint=complaint, result="退款298元", on=dt.date(2026, 3, 10)
    )
    report = file(divisions["yangpu"], kinds=("report",), on=dt.date(2026, 3, 2)).records[0]
    actions.decide_case_filing(
        actor=regulator,
        complaint=report,
        file_case=False,
        reason="证据不足",
        on=dt.date(2026, 3, 9),
    )
    text = public_csv(Complaint.objects.all())
    lines = text.strip().splitlines()
    assert lines[0] == (
        "公开编号,收到月份,被投诉人,统一社会信用代码,平台,商品或服务类别,问题类型,"
        "办理结果,办结月份,处理部门"
    )
    assert len(lines) == 2
    assert lines[1].endswith(
        f",2026-03,{world['food'].name},{world['food'].uscc},好物商城,食品,质量问题,调解成功,2026-03,杨浦区"
    )
    for secret in ("陈晓明", "13812345678", "国权路", complaint.receipt_number, "坚果", "298"):
        assert secret not in text
    response = Client().get("/complaints/public/data.csv")
    assert response.status_code == 200
    assert "陈晓明" not in response.content.decode()


def test_public_form_receipt_and_lookup_show_no_personal_data(world, divisions):
    client = Client()
    response = client.post(
        "/complaints/public/file/310110/",
        {
            "kind": "complaint",
            "complainant_name": "孙小美",
            "complainant_phone": "13711112222",
            "complainant_address": "上海市杨浦区政通路1号",
            "respondent_name": "甲乙食品旗舰店",
            "shop_url": world["yangpu_shop"].url,
            "platform_name": "好物商城",
            "address_shown": "on",
            "purchase_channel": "platform",
            "category": "食品",
            "facts": "网购的月饼礼盒收到时已经过了保质期，商家不同意退货。",
        },
    )
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.division == divisions["yangpu"]
    code = response.context["lookup_code"]
    lookup = client.post(
        "/complaints/public/lookup/",
        {"receipt_number": complaint.receipt_number, "lookup_code": code},
    )
    text = lookup.content.decode()
    assert "已登记" in text
    assert "孙小美" not in text
    assert "13711112222" not in text
    wrong = client.post(
        "/complaints/public/lookup/",
        {"receipt_number": complaint.receipt_number, "lookup_code": "999999x"},
    )
    assert "登记编号或查询码不正确" in wrong.content.decode()
    assert client.get("/complaints/public/file/999999/").status_code == 404


def test_home_card_counts_due_and_overdue(world, divisions, regulator, other_regulator):
    file(divisions["yangpu"], on=dt.date(2026, 3, 2))
    card = complaint_clocks_card(regulator)
    assert card.value == 1
    assert card.hint == "逾期 1 件"
    assert complaint_clocks_card(other_regulator).value == 0
    client = Client()
    client.force_login(regulator)
    page = client.get("/complaints/due/").content.decode()
    assert Complaint.objects.get().receipt_number in page


@pytest.mark.parametrize("kind", ["non_acceptance", "termination"])
def test_notices_render_as_pdf_with_chinese_text(world, divisions, regulator, kind, tmp_path):
    complaint = file(divisions["yangpu"], on=dt.date(2026, 3, 2)).records[0]
    if kind == "non_acceptance":
        actions.decide_acceptance(
            actor=regulator,
            complaint=complaint,
            accept=False,
            ground="15.3",
            reason="所购商品用于转售",
            on=dt.date(2026, 3, 4),
        )
    else:
        actions.decide_acceptance(
            actor=regulator, complaint=complaint, accept=True, on=dt.date(2026, 3, 3)
        )
        actions.terminate_mediation(
            actor=regulator,
            complaint=complaint,
            ground="21",
            reason="被投诉人拒绝调解",
            on=dt.date(2026, 3, 20),
        )
    complaint.refresh_from_db()
    assert complaint.state in (State.NOT_ACCEPTED, State.TERMINATED)
    pdf = render_document_pdf(complaint, kind)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "陈晓明" in text
    assert "第十五条第三项" in text if kind == "non_acceptance" else "第二十一条" in text
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
            check=True,
        )
        from PIL import Image

        image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
        assert image.getextrema()[0] < 100  # page 1 has dark text on it
    client = Client()
    client.force_login(regulator)
    response = client.get(f"/complaints/{complaint.pk}/documents/{kind}.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert client.get(f"/complaints/{complaint.pk}/documents/acceptance.pdf").status_code == (
        200 if kind == "termination" else 404
    )


def test_warning_draft_scoping_matrix(world, divisions, regulator, other_regulator, consumer):
    from wangjian.core.testing import ScopingCase, assert_scoping_matrix

    on = dt.date(2026, 3, 20)
    _spike(divisions, on)
    hotspot = next(
        h
        for h in actions.detect_hotspots(actor=regulator, division=divisions["yangpu"], on=on)
        if h.dimension == "respondent"
    )
    assert_scoping_matrix(
        ScopingCase(
            f"/complaints/hotspots/{hotspot.pk}/warning/",
            "/complaints/hotspots/999999/warning/",
            method="post",
            data={
                "title": "关于预售坚果礼盒的消费提示",
                "body": "近期预售坚果礼盒迟迟不发货的投诉增多，请保留订单与沟通记录，理性选购。",
            },
            permitted_status=302,
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert list(ConsumerWarning.objects.values_list("hotspot_id", "state")) == [
        (hotspot.pk, "draft")
    ]
