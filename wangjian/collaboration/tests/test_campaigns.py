"""专项整治: a campaign led by Yangpu with the commerce committee as a member; tasks, progress
from the owner only, meeting minutes, the findings of its theme counted; pages scoped."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from wangjian.collaboration import actions
from wangjian.collaboration.campaigns import campaign_counts
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
    with pytest.raises(PermissionDenied):
        actions.report_progress(actor=regulator, campaign=campaign, body="x", task=task)
    actions.report_progress(
        actor=partner_user, campaign=campaign, body="已排查直播间12个", task=task, done=True
    )
    assert CampaignTask.objects.get().done_on == dt.date(2026, 12, 2)
    with pytest.raises(PermissionDenied):
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
