"""风险预警: a fixture entity with a complaint spike and an expired licence gets an alert naming
both, assigned to the officer of its street; a quiet one gets none; the alert opens a clue in
one step through monitoring's action; pages and API are scoped."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from wangjian.collaboration import actions
from wangjian.collaboration.error_codes import CollaborationNotPermitted
from wangjian.collaboration.models import RiskAlert
from wangjian.core.choices import OrgUnitKind, Role
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_org_unit, make_user
from wangjian.registry.actions import add_licence
from wangjian.registry.tests.factories import make_entity, make_uscc


def complaint(entity, division, received_on, n):
    from wangjian.complaints.models import Complaint

    return Complaint.objects.create(
        receipt_number=f"TS-RISK-{entity.pk}-{n}",
        kind="complaint",
        channel="web_form",
        received_on=received_on,
        rule_version="test",
        respondent_name=entity.name,
        respondent_entity=entity,
        facts="商品与描述不符",
        received_by=division,
        division=division,
    )


@pytest.fixture
def street_officer(divisions, wujiaochang_station):
    return make_user("wjc_officer", Role.REGULATOR, wujiaochang_station, display_name="五角场所")


@pytest.fixture
def risky_world(divisions, section_chief, street_officer):
    spiky = make_entity(
        make_uscc("91310110", "MA1R0001"), "上海激增食品有限公司", divisions["wujiaochang"]
    )
    quiet = make_entity(
        make_uscc("91310110", "MA1R0002"), "上海平稳贸易有限公司", divisions["wujiaochang"]
    )
    complaint(spiky, divisions["yangpu"], dt.date(2026, 7, 1), 0)
    for n, day in enumerate((5, 12, 19, 28), start=1):
        complaint(spiky, divisions["yangpu"], dt.date(2026, 11, day), n)
    complaint(quiet, divisions["yangpu"], dt.date(2026, 11, 20), 1)
    add_licence(
        actor=None,
        holder=spiky,
        kind="食品经营许可证",
        number="JY13101100000099",
        valid_from=dt.date(2021, 11, 1),
        valid_until=dt.date(2026, 10, 31),
    )
    add_licence(
        actor=None,
        holder=quiet,
        kind="食品经营许可证",
        number="JY13101100000098",
        valid_from=dt.date(2022, 1, 1),
        valid_until=dt.date(2027, 12, 31),
    )
    return {"spiky": spiky, "quiet": quiet}


def test_spike_and_expired_licence_raise_one_alert_naming_both(
    risky_world, section_chief, street_officer
):
    assert actions.evaluate_risk(actor=section_chief) == (1, 0)
    alert = RiskAlert.objects.get()
    assert alert.entity == risky_world["spiky"]
    assert alert.signals == ["complaint_spike", "licence_expired"]
    assert alert.score == 60
    reasons = [r["reason"] for r in alert.reasons]
    assert reasons[0] == "近30日投诉4件，此前180日共1件（月均0.2件），为基线的8.0倍"
    assert reasons[1] == "食品经营许可证（JY13101100000099）已于2026-10-31过期，未见续期"
    assert alert.assigned_to == street_officer
    assert not RiskAlert.objects.filter(entity=risky_world["quiet"]).exists()
    # Nothing changed: running again raises and updates nothing.
    assert actions.evaluate_risk(actor=section_chief) == (0, 0)


def test_a_renewed_licence_is_not_a_signal(risky_world, section_chief):
    add_licence(
        actor=None,
        holder=risky_world["spiky"],
        kind="食品经营许可证",
        number="JY13101100000100",
        valid_from=dt.date(2026, 11, 1),
        valid_until=dt.date(2031, 10, 31),
    )
    actions.evaluate_risk(actor=section_chief)
    # The spike alone (30) stays under the threshold (40).
    assert RiskAlert.objects.count() == 0


def test_alert_opens_a_clue_in_one_step(risky_world, section_chief, street_officer, divisions):
    from wangjian.monitoring.models import Finding, MonitoredItem, ScanBatch

    actions.evaluate_risk(actor=section_chief)
    alert = RiskAlert.objects.get()
    with pytest.raises(ValidationError) as refused:
        actions.open_clue_for_alert(actor=street_officer, alert=alert)
    assert refused.value.field == "findings"
    batch = ScanBatch.objects.create(
        division=divisions["wujiaochang"], source="upload", content_hash="f" * 64
    )
    item = MonitoredItem.objects.create(
        batch=batch,
        division=divisions["wujiaochang"],
        entity=risky_world["spiky"],
        external_id="risk-1",
        source_type="listing",
        text="本品可治疗高血压",
        fingerprint="e" * 64,
    )
    finding = Finding.objects.create(
        item=item,
        batch=batch,
        division=divisions["wujiaochang"],
        entity=risky_world["spiky"],
        rule="medical.treats",
        family="medical_claims",
        verdict="violation",
        severity="high",
        start=2,
        end=4,
        match="治疗",
        explanation="普通食品宣称治疗功能",
        rule_pack="default@test",
    )
    clue = actions.open_clue_for_alert(actor=street_officer, alert=alert)
    alert.refresh_from_db()
    assert (alert.state, alert.clue_number) == ("clue_opened", clue.number)
    finding.refresh_from_db()
    assert finding.clue_id == clue.pk
    assert clue.state == "registered"


def test_dismiss_needs_a_reason_and_closes(risky_world, section_chief, street_officer):
    actions.evaluate_risk(actor=section_chief)
    alert = RiskAlert.objects.get()
    with pytest.raises(ValidationError):
        actions.dismiss_alert(actor=street_officer, alert=alert, reason=" ")
    actions.dismiss_alert(actor=street_officer, alert=alert, reason="投诉均为同一消费者重复提交")
    alert.refresh_from_db()
    assert alert.state == "dismissed"


def test_alert_pages_and_api_are_scoped(
    risky_world, section_chief, street_officer, other_regulator, divisions
):
    actions.evaluate_risk(actor=section_chief)
    alert = RiskAlert.objects.get()
    partner = make_user(
        "yp_partner",
        Role.PARTNER_DEPARTMENT,
        make_org_unit("杨浦区商务委员会", divisions["yangpu"], OrgUnitKind.PARTNER),
    )
    for url, missing, api in (
        (f"/collaboration/warnings/{alert.pk}/", "/collaboration/warnings/999999/", False),
        (
            f"/api/v1/collaboration/alerts/{alert.pk}/",
            "/api/v1/collaboration/alerts/999999/",
            True,
        ),
    ):
        response = assert_scoping_matrix(
            ScopingCase(url, missing, api=api),
            permitted=street_officer,
            other_jurisdiction=other_regulator,
            no_permission=partner,
        )
        assert "近30日投诉4件" in response.content.decode()
    step = ScopingCase(
        f"/collaboration/warnings/{alert.pk}/acknowledge/",
        "/collaboration/warnings/999999/acknowledge/",
        method="post",
        api=False,
        permitted_status=302,
    )
    assert_scoping_matrix(
        step, permitted=street_officer, other_jurisdiction=other_regulator, no_permission=partner
    )
    alert.refresh_from_db()
    assert alert.state == "acknowledged"
    client = Client()
    client.force_login(street_officer)
    home = client.get("/").content.decode()
    assert "分派给我的风险预警" in home
    listing = client.get("/collaboration/warnings/").content.decode()
    assert "上海激增食品有限公司" in listing


def test_alert_list_and_evaluate_scoping(
    risky_world, section_chief, street_officer, other_regulator, divisions
):
    partner = make_user(
        "yp_partner2",
        Role.PARTNER_DEPARTMENT,
        make_org_unit("杨浦区商务委员会", divisions["yangpu"], OrgUnitKind.PARTNER),
    )
    evaluate = ScopingCase(
        "/collaboration/warnings/evaluate/",
        "/collaboration/warnings/999999/acknowledge/",
        method="post",
        api=False,
        permitted_status=302,
    )
    # A regulator may handle alerts but not run the evaluation: the same 404 as a missing page.
    assert_scoping_matrix(
        evaluate, permitted=section_chief, other_jurisdiction=street_officer, no_permission=partner
    )
    assert RiskAlert.objects.count() == 1
    listing = ScopingCase("/collaboration/warnings/", "/collaboration/warnings/999999/", api=False)
    other = assert_scoping_matrix(
        listing, permitted=other_regulator, other_jurisdiction=partner, no_permission=partner
    )
    assert "上海激增食品有限公司" not in other.content.decode()


def test_subscription_follows_alerts_of_a_street_with_chosen_signals(
    risky_world, section_chief, street_officer, divisions, other_regulator
):
    actions.evaluate_risk(actor=section_chief)
    alert = RiskAlert.objects.get()
    assert alert.signal_keys == ",complaint_spike,licence_expired,"
    client = Client()
    client.force_login(section_chief)
    client.post(
        "/collaboration/warnings/",
        {"division": divisions["wujiaochang"].code, "signals": ["licence_expired"]},
    )
    assert list(actions.subscribed_alerts(section_chief)) == [alert]
    actions.subscribe(actor=section_chief, division=divisions["dinghai"], signals=["tier_drop"])
    actions.subscribe(actor=section_chief, division=divisions["wujiaochang"], signals=["tier_drop"])
    assert list(actions.subscribed_alerts(section_chief)) == []
    with pytest.raises(ValidationError):
        actions.subscribe(actor=section_chief, division=divisions["dinghai"], signals=["weather"])

    with pytest.raises(CollaborationNotPermitted):
        actions.subscribe(
            actor=other_regulator, division=divisions["wujiaochang"], signals=["tier_drop"]
        )
    home = client.get("/").content.decode()
    assert "订阅范围内待处理的风险预警" in home


def test_repeated_inspection_problems_and_review_manipulation(
    risky_world, section_chief, divisions
):
    from wangjian.inspections.models import InspectionPlan, InspectionResult, InspectionTask
    from wangjian.monitoring.models import Finding, MonitoredItem, ScanBatch

    quiet = risky_world["quiet"]
    for year, outcome in ((2025, "problem_corrected"), (2026, "problem_pending")):
        plan = InspectionPlan.objects.create(
            title=f"{year}年抽查", division=divisions["yangpu"], year=year, created_by=section_chief
        )
        task = InspectionTask.objects.create(plan=plan, entity=quiet, stratum="A")
        InspectionResult.objects.create(
            task=task,
            outcome=outcome,
            outcome_label=outcome,
            result_on=dt.date(year, 6, 1),
            publish_due_on=dt.date(year, 6, 30),
            recorded_by=section_chief,
        )
    batch = ScanBatch.objects.create(
        division=divisions["wujiaochang"], source="upload", content_hash="d" * 64
    )
    item = MonitoredItem.objects.create(
        batch=batch,
        division=divisions["wujiaochang"],
        entity=quiet,
        external_id="rev-1",
        source_type="review",
        text="好评返现5元",
        fingerprint="c" * 64,
    )
    Finding.objects.create(
        item=item,
        batch=batch,
        division=divisions["wujiaochang"],
        entity=quiet,
        rule="fake_reviews.cashback",
        family="fake_reviews",
        verdict="violation",
        start=0,
        end=4,
        match="好评返现",
        explanation="以返现诱导好评",
        rule_pack="default@test",
    )
    actions.evaluate_risk(actor=section_chief)
    alert = RiskAlert.objects.get(entity=quiet)
    assert alert.signals == ["repeated_problems", "review_manipulation"]
    assert [r["reason"] for r in alert.reasons] == [
        "近2年双随机抽查2次发现问题",
        "近90日有1条刷单炒信、虚假评价类监测发现",
    ]
