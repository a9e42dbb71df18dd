"""专项整治: a campaign led by Yangpu with the commerce committee as a member; tasks, progress
from the owner only, meeting minutes, the findings of its theme counted; pages scoped."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from wangjian.collaboration import actions
from wangjian.collaboration.campaigns import campaign_counts
from wangjian.collaboration.error_codes import CollaborationNotPermitted
from wangjian.collaboration.models import CampaignTask
from wangjian.core.testing import ScopingCase, assert_scoping_matrix


@pytest.fixture
def campaign(section_chief, partner_user):
    return actions.create_campaign(
        actor=section_chief,
        title="2026年直播带货保健食品宣传专项整治",
        theme="整治直播带货中保健食品宣称疾病预防、治疗功能等违法宣传。",
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2026, 12, 31),
        member_units=[partner_user.org_unit],
        families=["health_food", "medical_claims"],
    )


def finding(divisions, family, n, state="open"):
    from wangjian.monitoring.models import Finding, MonitoredItem, ScanBatch

    batch = ScanBatch.objects.create(
        division=divisions["wujiaochang"], source="upload", content_hash=f"{n:064d}"
    )
    item = MonitoredItem.objects.create(
        batch=batch,
        division=divisions["wujiaochang"],
        external_id=f"c-{n}",
        source_type="live_transcript",
        text="吃了能降血糖",
        fingerprint=f"{n:064x}",
    )
    return Finding.objects.create(
        item=item,
        batch=batch,
        division=divisions["wujiaochang"],
        rule=f"{family}.x",
        family=family,
        verdict="violation",
        start=0,
        end=2,
        match="降血糖",
        explanation="测试",
        rule_pack="default@test",
        state=state,
    )


def test_tasks_progress_and_minutes_by_role(campaign, section_chief, partner_user, regulator):
    task = actions.add_task(
        actor=section_chief,
        campaign=campaign,
        title="排查辖区直播间保健食品销售情况",
        owner_unit=partner_user.org_unit,
        due_on=dt.date(2026, 12, 15),
    )
    with pytest.raises(ValidationError) as late:
        actions.add_task(
            actor=section_chief,
            campaign=campaign,
            title="x",
            owner_unit=partner_user.org_unit,
            due_on=dt.date(2027, 1, 15),
        )
    assert late.value.field == "due_on"
    with pytest.raises(CollaborationNotPermitted):
        actions.report_progress(actor=regulator, campaign=campaign, body="x", task=task)
    actions.report_progress(
        actor=partner_user, campaign=campaign, body="已排查直播间12个", task=task, done=True
    )
    assert CampaignTask.objects.get().done_on == dt.date(2026, 12, 2)
    with pytest.raises(CollaborationNotPermitted):
        actions.record_meeting(
            actor=partner_user,
            campaign=campaign,
            title="x",
            held_on=dt.date(2026, 11, 20),
            attendees="x",
            minutes="x",
        )
    actions.record_meeting(
        actor=section_chief,
        campaign=campaign,
        title="第一次联席会议",
        held_on=dt.date(2026, 11, 20),
        attendees="区市场监管局、区商务委",
        minutes="通报前期排查情况。",
        decisions="商务委牵头约谈直播基地运营方。",
    )
    client = Client()
    client.force_login(partner_user)
    page = client.get(f"/collaboration/campaigns/{campaign.pk}/").content.decode()
    assert "第一次联席会议" in page
    assert "已排查直播间12个" in page


def test_campaign_counts_the_findings_of_its_theme(campaign, divisions, section_chief):
    finding(divisions, "health_food", 1)
    finding(divisions, "medical_claims", 2, state="confirmed")
    finding(divisions, "price", 3)
    assert campaign_counts(campaign, section_chief) == {
        "findings": 2,
        "confirmed": 1,
        "clues": 0,
        "referred": 0,
        "cases": 0,
        "filed": 0,
        "penalty": 0,
        "no_penalty": 0,
    }


def test_unknown_family_is_refused(section_chief):
    with pytest.raises(ValidationError) as error:
        actions.create_campaign(
            actor=section_chief,
            title="x",
            theme="x",
            starts_on=dt.date(2026, 11, 1),
            ends_on=dt.date(2026, 11, 30),
            families=["weather"],
        )
    assert error.value.field == "families"


def test_campaign_pages_are_scoped(campaign, regulator, other_regulator, consumer, partner_user):
    case = ScopingCase(
        f"/collaboration/campaigns/{campaign.pk}/", "/collaboration/campaigns/999999/", api=False
    )
    for permitted in (regulator, partner_user):
        assert_scoping_matrix(
            case, permitted=permitted, other_jurisdiction=other_regulator, no_permission=consumer
        )
    step = ScopingCase(
        f"/collaboration/campaigns/{campaign.pk}/progress/",
        "/collaboration/campaigns/999999/progress/",
        method="post",
        data={"body": "进展"},
        api=False,
        permitted_status=302,
    )
    assert_scoping_matrix(
        step, permitted=partner_user, other_jurisdiction=other_regulator, no_permission=consumer
    )
    client = Client()
    client.force_login(other_regulator)
    assert campaign.title not in client.get("/collaboration/campaigns/").content.decode()


@pytest.fixture
def current_campaign(section_chief):
    from django.utils import timezone

    today = timezone.localdate()
    return actions.create_campaign(
        actor=section_chief,
        title="直播带货保健食品宣传专项整治（本期）",
        theme="整治直播带货中保健食品宣称疾病预防、治疗功能等违法宣传。",
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=20),
        families=["medical_claims", "health_food"],
    )


def test_a_campaign_launches_a_themed_monitoring_scan(current_campaign, section_chief, regulator):
    from wangjian.collaboration.models import CampaignScan
    from wangjian.core.models import AuditEvent, Job

    scan = actions.launch_campaign_scan(actor=section_chief, campaign=current_campaign)
    batch = scan.batch
    assert (batch.source, batch.state, batch.division.code) == (
        "registry",
        "queued",
        "310110000000",
    )
    assert batch.file_name.endswith("（规则族：保健食品广告、医疗功效宣传）")
    job = Job.objects.get(pk=batch.job_id)
    assert job.parameters == {"batch": batch.pk, "families": ["health_food", "medical_claims"]}
    # The same day, the same scan: recorded once, audited once.
    again = actions.launch_campaign_scan(actor=section_chief, campaign=current_campaign)
    assert again.pk == scan.pk
    assert CampaignScan.objects.count() == 1
    events = AuditEvent.objects.filter(event_type="collaboration.campaign_scan_launched")
    assert [e.after["families"] for e in events] == [["health_food", "medical_claims"]]
    with pytest.raises(CollaborationNotPermitted):
        actions.launch_campaign_scan(actor=regulator, campaign=current_campaign)
    page = Client()
    page.force_login(section_chief)
    text = page.get(f"/collaboration/campaigns/{current_campaign.pk}/").content.decode()
    assert "登记店铺首页" in text
    assert "发起主题监测扫描" in text


def test_a_scan_outside_the_campaign_period_is_refused(current_campaign, section_chief):
    from django.utils import timezone

    from wangjian.collaboration.models import Campaign

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Campaign.objects.filter(pk=current_campaign.pk).update(ends_on=yesterday)
    current_campaign.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        actions.launch_campaign_scan(actor=section_chief, campaign=current_campaign)
    assert error.value.messages[0].startswith(
        "专项整治“直播带货保健食品宣传专项整治（本期）”：不在整治期间"
    )


def test_campaign_scan_step_is_scoped(current_campaign, section_chief, regulator, other_regulator):
    step = ScopingCase(
        f"/collaboration/campaigns/{current_campaign.pk}/scan/",
        "/collaboration/campaigns/999999/scan/",
        method="post",
        data={},
        api=False,
        permitted_status=302,
    )
    assert_scoping_matrix(
        step, permitted=section_chief, other_jurisdiction=other_regulator, no_permission=regulator
    )
