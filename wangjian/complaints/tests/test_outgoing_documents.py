"""Notices that go to the parties (受理通知书, 不予受理告知书, 终止调解告知书) never carry a blank
deadline or a staff-only verification note: a deadline that cannot be computed refuses the step
that issues the notice, and citations are printed without their "未核实" remarks."""

import datetime as dt
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from wangjian.complaints import actions
from wangjian.complaints.choices import State
from wangjian.complaints.documents import document_available, render_document_pdf
from wangjian.complaints.models import ClockStep
from wangjian.complaints.tests.factories import file
from wangjian.core.actions.calendar import enter_working_day_year
from wangjian.core.documents import INTERNAL_NOTE_MARKERS, DocumentNotIssuable
from wangjian.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return "".join(text.split())


def _assert_no_internal_note(text: str) -> None:
    assert [marker for marker in INTERNAL_NOTE_MARKERS if marker in text] == []


def _enter_2027(actor):
    enter_working_day_year(
        actor=actor,
        year=2027,
        source_document="测试用年度工作日表",
        published_on=dt.date(2026, 12, 22),
        days=[(dt.date(2027, 1, 1), False, "元旦")],
    )


def test_acceptance_waits_for_the_year_its_mediation_period_reaches(
    world, divisions, regulator, system_admin, django_capture_on_commit_callbacks
):
    complaint = file(divisions["yangpu"], on=dt.date(2026, 12, 14)).records[0]
    # The 2026 measures apply; their citations carry verification remarks for staff.
    assert "未核实" in complaint.clocks.get(step="accept_decision").citation
    with pytest.raises(actions.ComplaintError) as refused:
        actions.decide_acceptance(
            actor=regulator, complaint=complaint, accept=True, on=dt.date(2026, 12, 22)
        )
    assert str(refused.value) == (
        f"{complaint.receipt_number}：2027 年工作日表未录入，无法计算期限：请系统管理员在"
        "“工作日历”页按国务院办公厅2027年部分节假日安排通知录入后再受理。"
    )
    assert (refused.value.field, refused.value.rule) == ("on", "calendar_year_not_covered")
    complaint.refresh_from_db()
    assert complaint.state == State.RECEIVED
    assert not document_available(complaint, "acceptance")
    assert not AuditEvent.objects.filter(event_type="complaints.accepted").exists()

    with django_capture_on_commit_callbacks(execute=True):
        _enter_2027(system_admin)
    actions.decide_acceptance(
        actor=regulator, complaint=complaint, accept=True, on=dt.date(2026, 12, 22)
    )
    assert complaint.clocks.get(step="mediation_end").due_on == dt.date(2027, 2, 24)
    text = _text(render_document_pdf(complaint, "acceptance"))
    assert "调解期限自受理之日起计算，至2027年2月24日届满" in text
    assert "《市场监督管理投诉举报处理办法》（总局令第121号）受理期限条款" in text
    _assert_no_internal_note(text)


def test_refusal_and_termination_notices_in_an_uncovered_year_carry_no_internal_note(
    world, divisions, regulator
):
    refused = file(divisions["yangpu"], on=dt.date(2026, 12, 21)).records[0]
    actions.decide_acceptance(
        actor=regulator,
        complaint=refused,
        accept=False,
        ground="15.3",
        reason="所购商品用于转售",
        on=dt.date(2026, 12, 22),
    )
    text = _text(render_document_pdf(refused, "non_acceptance"))
    assert "不是为生活消费需要" in text
    _assert_no_internal_note(text)

    terminated = file(divisions["yangpu"], on=dt.date(2026, 10, 9)).records[0]
    actions.decide_acceptance(
        actor=regulator, complaint=terminated, accept=True, on=dt.date(2026, 10, 12)
    )
    actions.terminate_mediation(
        actor=regulator,
        complaint=terminated,
        ground="21",
        reason="被投诉人拒绝调解",
        on=dt.date(2026, 12, 28),
    )
    # The notice's own sending clock reaches 2027 and waits; the notice states no deadline.
    assert terminated.clocks.get(step="termination_notice").due_on is None
    text = _text(render_document_pdf(terminated, "termination"))
    assert "本局决定终止调解" in text
    _assert_no_internal_note(text)
    # The acceptance notice of the same record printed now has its mediation date.
    text = _text(render_document_pdf(terminated, "acceptance"))
    assert "至2026年12月14日届满" in text
    _assert_no_internal_note(text)


def test_an_acceptance_notice_without_its_date_is_refused_on_the_page(world, divisions, regulator):
    complaint = file(divisions["yangpu"], on=dt.date(2026, 10, 9)).records[0]
    actions.decide_acceptance(
        actor=regulator, complaint=complaint, accept=True, on=dt.date(2026, 10, 12)
    )
    # A record accepted before acceptance needed the date (its clock left undated).
    ClockStep.objects.filter(complaint=complaint, step="mediation_end").update(
        due_on=None, calendar_note="2027 年的工作日安排尚未录入"
    )
    with pytest.raises(DocumentNotIssuable):
        render_document_pdf(complaint, "acceptance")
    client = Client()
    client.force_login(regulator)
    response = client.get(
        reverse("complaints:document", args=[complaint.pk, "acceptance"]), follow=True
    )
    assert response.redirect_chain == [(reverse("complaints:detail", args=[complaint.pk]), 302)]
    page = response.content.decode()
    assert (
        f"{complaint.receipt_number} 受理通知书：2027 年工作日表未录入，无法计算期限：请系统管理员"
        "在“工作日历”页按国务院办公厅2027年部分节假日安排通知录入后再出具。"
    ) in page
    assert "待定：2027 年工作日表未录入，由系统管理员录入后自动计算" in page
