"""A clue whose verification period reaches a year without a working-day table is registered
undated, and dated when that year's table is entered (never a guessed date)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from wangjian.core.actions.calendar import enter_working_day_year
from wangjian.core.models import AuditEvent
from wangjian.monitoring.actions import (
    MonitoringError,
    confirm_findings,
    date_pending_clues,
    extend_clue,
)
from wangjian.monitoring.models import Clue, Finding

LATE_DECEMBER = dt.datetime(2026, 12, 21, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def undated_clue(batch, regulator):
    findings = Finding.objects.filter(item__external_id="L-1")
    with time_machine.travel(LATE_DECEMBER, tick=False):
        return confirm_findings(
            actor=regulator, finding_ids=[f.pk for f in findings], note="商品页截图已留存"
        )


def _enter_2027(actor):
    enter_working_day_year(
        actor=actor,
        year=2027,
        source_document="测试用年度工作日表",
        published_on=dt.date(2026, 12, 22),
        days=[(dt.date(2027, 1, 1), False, "元旦")],
    )


def test_a_clue_reaching_an_uncovered_year_is_registered_undated(undated_clue, regulator):
    assert undated_clue.discovered_on == dt.date(2026, 12, 21)
    assert undated_clue.due_on is None
    assert undated_clue.calendar_note.startswith("2027 年的工作日安排尚未录入")
    event = AuditEvent.objects.get(event_type="monitoring.clue_registered")
    assert event.after["due_on"] is None
    client = Client()
    client.force_login(regulator)
    page = client.get(reverse("monitoring:clue-detail", args=[undated_clue.pk])).content.decode()
    assert '<strong data-testid="due-on">待定</strong>' in page
    assert "2027 年的工作日安排尚未录入" in page
    listing = client.get(reverse("monitoring:clues")).content.decode()
    assert "待定" in listing


def test_an_undated_clue_cannot_be_extended_yet(undated_clue, section_chief):
    with pytest.raises(MonitoringError) as refused:
        extend_clue(actor=section_chief, clue=undated_clue, reason="需要调取平台交易记录")
    assert (refused.value.field, refused.value.rule) == ("due_on", "calendar")
    assert str(refused.value).startswith(
        f"线索 {undated_clue.number} 字段 due_on：核查期限尚待录入工作日年度表后确定"
    )
    assert Clue.objects.get(pk=undated_clue.pk).extended is False


def test_entering_the_year_dates_the_clue_from_its_discovery(
    undated_clue, system_admin, django_capture_on_commit_callbacks
):
    # Nothing to date while 2027 is still missing.
    assert date_pending_clues(actor=None) == 0
    with django_capture_on_commit_callbacks(execute=True):
        _enter_2027(system_admin)
    clue = Clue.objects.get(pk=undated_clue.pk)
    # 15 working days from 2026-12-21: 12-22…12-31 (8), 1 January off, 1-4…1-8 (13), 1-11, 1-12.
    assert clue.due_on == dt.date(2027, 1, 12)
    assert clue.calendar_note == ""
    event = AuditEvent.objects.get(event_type="monitoring.clue_dated")
    assert event.after == {"due_on": "2027-01-12", "rules_version": clue.rules_version}
    assert event.actor == system_admin
    # Dating again changes nothing.
    assert date_pending_clues(actor=None) == 0


def test_the_record_of_an_undated_clue_is_refused_until_the_year_is_entered(
    undated_clue, regulator, system_admin, django_capture_on_commit_callbacks
):
    import re
    import subprocess

    client = Client()
    client.force_login(regulator)
    url = reverse("monitoring:clue-record", args=[undated_clue.pk])
    refused = client.get(url, follow=True)
    assert refused.redirect_chain == [
        (reverse("monitoring:clue-detail", args=[undated_clue.pk]), 302)
    ]
    assert (
        f"{undated_clue.number} 案件来源登记表：2027 年工作日表未录入，无法计算期限：请系统管理员"
        "在“工作日历”页按国务院办公厅2027年部分节假日安排通知录入后再出具。"
    ) in refused.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        _enter_2027(system_admin)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    text = re.sub(r"\s+", "", text)
    assert "核查期限2027年1月12日" in text
    assert "未核实" not in text
    assert "待定" not in text
