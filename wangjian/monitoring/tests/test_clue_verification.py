"""线索核查: handler, check record with typed and hashed material, submission to the head, and
the refusals of steps taken out of order."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.monitoring.actions import (
    MonitoringError,
    assign_clue_handler,
    confirm_findings,
    decide_clue,
    record_clue_check,
    submit_clue_for_decision,
)
from wangjian.monitoring.models import ClueCheckAttachment, Finding

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


@pytest.fixture
def clue(batch, regulator):
    findings = Finding.objects.filter(item__external_id="L-1").order_by("rule")
    return confirm_findings(actor=regulator, finding_ids=[findings[0].pk], note="已留存")


def page_matrix(url, missing, permitted, other, denied, **extra):
    return assert_scoping_matrix(
        ScopingCase(url=url, missing_url=missing, api=False, **extra),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


def test_steps_out_of_order_are_refused_in_words(clue, regulator, section_chief):
    with pytest.raises(MonitoringError) as no_handler:
        record_clue_check(actor=regulator, clue=clue, checked="核对商品页面", result="confirmed")
    assert str(no_handler.value) == f"线索 {clue.number}：尚未指定承办人，请先指定承办人。"
    assign_clue_handler(actor=section_chief, clue=clue, handler=regulator)
    with pytest.raises(MonitoringError) as not_handler:
        record_clue_check(
            actor=section_chief, clue=clue, checked="核对商品页面", result="confirmed"
        )
    assert str(not_handler.value) == (
        f"线索 {clue.number}：只有承办人 {regulator} 可以记录核查和提交。"
    )
    with pytest.raises(MonitoringError) as no_check:
        submit_clue_for_decision(actor=regulator, clue=clue)
    assert str(no_check.value) == (f"线索 {clue.number}：尚无核查记录，请先记录核查情况再提交。")
    with pytest.raises(MonitoringError) as undecidable:
        decide_clue(actor=section_chief, clue=clue, decision="referred", note="证据充分")
    assert str(undecidable.value) == (
        f"线索 {clue.number}：承办人尚未提交核查结果，负责人暂不能作出决定。"
    )
    record_clue_check(actor=regulator, clue=clue, checked="核对商品页面", result="confirmed")
    submitted = submit_clue_for_decision(actor=regulator, clue=clue)
    assert submitted.submitted_at is not None
    with pytest.raises(MonitoringError) as late:
        record_clue_check(actor=regulator, clue=clue, checked="再补充一次", result="confirmed")
    assert late.value.rule == "submitted"
    decided = decide_clue(actor=section_chief, clue=clue, decision="no_case", note="情节轻微")
    assert decided.state == "no_case"
    events = AuditEvent.objects.filter(event_type__startswith="monitoring.clue_").order_by("pk")
    assert list(events.values_list("event_type", flat=True)) == [
        "monitoring.clue_registered",
        "monitoring.clue_handler_assigned",
        "monitoring.clue_check_recorded",
        "monitoring.clue_submitted",
        "monitoring.clue_decided",
    ]


def test_the_handler_comes_from_the_clues_jurisdiction(clue, regulator, other_regulator):
    with pytest.raises(MonitoringError) as outsider:
        assign_clue_handler(actor=regulator, clue=clue, handler=other_regulator)
    assert str(outsider.value) == f"线索 {clue.number}：承办人须为本辖区的监管人员或负责人。"
    clue.refresh_from_db()
    assert clue.handler is None


def test_material_is_typed_by_content_hashed_and_limited(clue, regulator):
    assign_clue_handler(actor=regulator, clue=clue, handler=regulator)
    with pytest.raises(MonitoringError) as disguised:
        record_clue_check(
            actor=regulator,
            clue=clue,
            checked="核对商品页面",
            result="confirmed",
            attachments=[("截图.png", b"MZ\x90\x00 an executable")],
        )
    assert str(disguised.value) == (
        f"线索 {clue.number}：附件“截图.png”不是 PDF、JPEG、PNG 或 WebP 文件（按文件内容判断）。"
    )
    with pytest.raises(MonitoringError) as too_large:
        record_clue_check(
            actor=regulator,
            clue=clue,
            checked="核对商品页面",
            result="confirmed",
            attachments=[("大图.png", PNG + b"\x00" * (10 * 1024 * 1024))],
        )
    assert "超过上限 10485760 字节" in str(too_large.value)
    assert not ClueCheckAttachment.objects.exists()
    check = record_clue_check(
        actor=regulator,
        clue=clue,
        checked="核对商品页面",
        result="partly_confirmed",
        attachments=[("截图.dat", PNG)],
    )
    stored = check.attachments.get()
    assert (stored.content_type, stored.sha256, stored.size) == (
        "image/png",
        hashlib.sha256(PNG).hexdigest(),
        len(PNG),
    )


def test_assign_check_and_submit_pages_scoping(clue, regulator, other_regulator, consumer):
    page_matrix(
        f"/monitoring/clues/{clue.pk}/handler/",
        "/monitoring/clues/999999/handler/",
        regulator,
        other_regulator,
        consumer,
        method="post",
        data={"handler": regulator.pk},
        permitted_status=302,
    )
    page_matrix(
        f"/monitoring/clues/{clue.pk}/checks/",
        "/monitoring/clues/999999/checks/",
        regulator,
        other_regulator,
        consumer,
        method="post",
        data={"checked": "调取平台留存的商品页面", "result": "confirmed"},
        permitted_status=302,
    )
    client = Client()
    client.force_login(regulator)
    with_material = {
        "checked": "补充平台留存的页面截图",
        "result": "confirmed",
        "attachments": SimpleUploadedFile("页面.png", PNG),
    }
    assert client.post(f"/monitoring/clues/{clue.pk}/checks/", with_material).status_code == 302
    page_matrix(
        f"/monitoring/clues/{clue.pk}/submit/",
        "/monitoring/clues/999999/submit/",
        regulator,
        other_regulator,
        consumer,
        method="post",
        data={},
        permitted_status=302,
    )
    clue.refresh_from_db()
    assert clue.handler == regulator
    assert clue.submitted_at is not None
    assert [check.attachments.count() for check in clue.checks.all()] == [0, 1]
    assert ClueCheckAttachment.objects.get().name == "页面.png"


def test_material_download_scoping(clue, regulator, other_regulator, consumer):
    assign_clue_handler(actor=regulator, clue=clue, handler=regulator)
    check = record_clue_check(
        actor=regulator,
        clue=clue,
        checked="核对商品页面",
        result="confirmed",
        attachments=[("截图.png", PNG)],
    )
    attachment = check.attachments.get()
    response = page_matrix(
        f"/monitoring/clues/{clue.pk}/attachments/{attachment.pk}/",
        f"/monitoring/clues/{clue.pk}/attachments/999999/",
        regulator,
        other_regulator,
        consumer,
    )
    assert response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(event_type="core.personal_data_viewed").count() == 1


def test_the_clue_page_says_who_acts_next(clue, regulator, section_chief):
    client = Client()
    client.force_login(regulator)
    page = client.get(f"/monitoring/clues/{clue.pk}/").content.decode()
    assert "下一步：由本辖区监管人员或负责人指定承办人。" in page
    assert 'data-testid="decide-form"' not in page
    assign_clue_handler(actor=regulator, clue=clue, handler=regulator)
    page = client.get(f"/monitoring/clues/{clue.pk}/").content.decode()
    assert f"下一步：承办人 {regulator} 记录核查情况" in page
    record_clue_check(actor=regulator, clue=clue, checked="核对商品页面", result="confirmed")
    submit_clue_for_decision(actor=regulator, clue=clue)
    chief = Client()
    chief.force_login(section_chief)
    page = chief.get(f"/monitoring/clues/{clue.pk}/").content.decode()
    assert "下一步：由科室负责人作出决定" in page
    assert 'data-testid="decide-form"' in page
    assert 'data-testid="check-form"' not in page
