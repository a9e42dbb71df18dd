"""A clue's pages are captured as evidence of the clue (第三方监测取证) from its own page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from wangjian.core.models import Job
from wangjian.monitoring.actions import confirm_findings
from wangjian.monitoring.engine.records import RecordError, parse_record
from wangjian.monitoring.models import Finding, MonitoredItem
from wangjian.monitoring.tests.factories import feed_batch

LISTING_URL = "https://shop.haowu.example/s/001/item/U-1"


@pytest.fixture
def clue(world, regulator):
    feed_batch(
        regulator,
        world,
        records=[
            {
                "id": "U-1",
                "text": "全网最好的坚果礼盒",
                "shop_id": "S-001",
                "url": LISTING_URL,
            }
        ],
    )
    findings = Finding.objects.filter(item__external_id="U-1")
    return confirm_findings(actor=regulator, finding_ids=[f.pk for f in findings], note="已截图")


def _capture_forms(html: str) -> list[dict]:
    forms = re.findall(r'<form[^>]*data-testid="capture-form".*?</form>', html, re.S)
    fields = [dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', f)) for f in forms]
    for found in fields:
        found.pop("csrfmiddlewaretoken", None)
    return fields


def test_a_feed_record_keeps_the_page_it_came_from(clue):
    assert MonitoredItem.objects.get(external_id="U-1").url == LISTING_URL


def test_a_record_url_must_be_a_web_address():
    with pytest.raises(RecordError) as refused:
        parse_record({"id": "U-2", "text": "最好", "url": "javascript:alert(1)"}, 4)
    assert str(refused.value) == (
        "第 4 行，字段 url：网址 'javascript:alert(1)' 应以 http:// 或 https:// 开头 / line 4, "
        "field url: url 'javascript:alert(1)' must start with http:// or https://"
    )


def test_the_clue_page_offers_a_capture_of_each_page_it_rests_on(clue, regulator, world):
    client = Client()
    client.force_login(regulator)
    html = client.get(reverse("monitoring:clue-detail", args=[clue.pk])).content.decode()
    base = {
        "subject_type": "monitoring.clue",
        "subject_id": str(clue.pk),
        "case_reference": clue.number,
        "case_reason": clue.summary,
    }
    assert _capture_forms(html) == [
        {"url": LISTING_URL, **base},
        {"url": world["yangpu_shop"].url, **base},
    ]
    assert 'action="/evidence/capture/"' in html
    # The clue's evidence timeline, empty until a capture is sealed.
    assert "电子存证" in html
    assert "暂无存证。" in html
    assert f"/evidence/?subject_type=monitoring.clue&subject_id={clue.pk}" in html


def test_the_capture_button_starts_a_capture_job_for_the_clue(clue, regulator):
    client = Client()
    client.force_login(regulator)
    html = client.get(reverse("monitoring:clue-detail", args=[clue.pk])).content.decode()
    fields = _capture_forms(html)[0]
    response = client.post(reverse("evidence:capture"), {**fields, "witness": "杨科长"})
    job = Job.objects.get(kind="evidence.capture")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])
    assert job.parameters == {**fields, "witness": "杨科长"}
    assert job.created_by == regulator


def test_no_capture_button_without_the_capability(clue, world):
    from wangjian.core.choices import Role
    from wangjian.core.models import OrgUnit
    from wangjian.core.roles import role_has_capability
    from wangjian.core.tests.factories import make_user

    bureau = OrgUnit.objects.get(name="上海市杨浦区市场监督管理局")
    roles = [
        role
        for role in Role
        if role_has_capability(role, "monitoring.view_finding")
        and not role_has_capability(role, "evidence.capture_evidence")
    ]
    assert roles, "a role that sees clues but may not capture evidence"
    viewer = make_user("clue_viewer", roles[0], bureau)
    client = Client()
    client.force_login(viewer)
    html = client.get(reverse("monitoring:clue-detail", args=[clue.pk])).content.decode()
    assert _capture_forms(html) == []
