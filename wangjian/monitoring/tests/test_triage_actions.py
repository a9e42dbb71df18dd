import pytest
from django.utils import timezone

from wangjian.core.models import AuditEvent
from wangjian.core.working_days import add_working_days
from wangjian.monitoring.actions import (
    MonitoringError,
    confirm_findings,
    decide_clue,
    dismiss_finding,
    engine,
    extend_clue,
    receive_feed,
    reopen_finding,
)
from wangjian.monitoring.models import Clue, Finding, MonitoredItem, ScanBatch
from wangjian.monitoring.tests.factories import LISTING, feed_batch, feed_records, verify_and_submit


def _spans(findings):
    return sorted((f.rule, f.field, f.start, f.end, f.match) for f in findings)


def test_feed_stores_the_engines_findings_linked_to_shops(batch, world, divisions):
    assert (batch.records, batch.malformed) == (4, 2)
    assert [(error["line"], error["field"]) for error in batch.errors] == [
        (5, "id"),
        (6, "source_type"),
    ]
    assert "第 6 行，字段 source_type" in batch.errors[1]["message"]
    yangpu_item = MonitoredItem.objects.get(external_id="L-1")
    assert yangpu_item.shop == world["yangpu_shop"]
    assert yangpu_item.entity == world["food"]
    assert yangpu_item.division == divisions["wujiaochang"]
    expected = engine().scan_text(LISTING, category="食品", id="L-1", shop_id="S-001")
    assert _spans(yangpu_item.findings.all()) == _spans(expected)
    assert _spans(yangpu_item.findings.all()) == [
        ("AT-001", "text", 12, 14, "最好"),
        ("AT-003", "text", 0, 3, "国家级"),
        ("PR-002", "text", 6, 11, "全网最低价"),
    ]
    # L-2 is clean: not stored. L-4 names an unknown shop: kept in the receiving bureau.
    assert not MonitoredItem.objects.filter(external_id="L-2").exists()
    unknown = MonitoredItem.objects.get(external_id="L-4")
    assert (unknown.shop, unknown.division) == (None, divisions["yangpu"])
    # L-3's shop is in Pudong: its findings go to the Pudong bureau's jurisdiction.
    pudong_item = MonitoredItem.objects.get(external_id="L-3")
    assert pudong_item.division == divisions["zhangjiang"]
    assert batch.findings == 3 + 3 + 2
    assert batch.new_findings == 8
    assert batch.routed_elsewhere == 2
    assert batch.summary["by_family"] == {"absolute_terms": 4, "fake_reviews": 2, "price": 2}
    assert AuditEvent.objects.filter(event_type="monitoring.batch_scanned").count() == 1


def test_the_same_feed_twice_is_one_batch(batch, world, regulator):
    again = receive_feed(
        actor=regulator, platform=world["platform"], external_id="B-1", records=feed_records()
    )
    assert again.already_received is True
    assert again.batch.pk == batch.pk
    assert Finding.objects.count() == 8


def test_a_text_seen_in_a_later_batch_adds_no_duplicate_findings(batch, world, regulator):
    later = feed_batch(
        regulator,
        world,
        records=[{"id": "L-1", "text": LISTING, "shop_id": "S-001"}],
        external_id="B-2",
    )
    assert (later.findings, later.new_findings) == (3, 0)
    assert Finding.objects.count() == 8


def test_a_reused_batch_id_with_other_content_is_refused(batch, world, regulator):
    with pytest.raises(MonitoringError) as refused:
        feed_batch(regulator, world, records=[{"id": "X", "text": "最好"}], external_id="B-1")
    assert refused.value.field == "batch_id"
    assert "批次号已用于内容不同的批次" in str(refused.value)
    assert ScanBatch.objects.count() == 1


def test_feed_limits_and_empty_batches_are_refused(world, regulator):
    with pytest.raises(MonitoringError) as empty:
        receive_feed(actor=regulator, platform=world["platform"], records=[])
    assert empty.value.rule == "required"
    with pytest.raises(MonitoringError) as large:
        receive_feed(
            actor=regulator,
            platform=world["platform"],
            records=[{"id": str(n), "text": "x"} for n in range(5001)],
        )
    assert large.value.rule == "max_records"
    assert ScanBatch.objects.count() == 0


def test_a_platform_account_posts_only_for_its_own_platform(world, platform_user, divisions):
    from wangjian.registry.actions import register_platform

    other = register_platform(
        actor=None, entity=world["tech"], name="别家商城", division=divisions["yangpu"]
    )
    receipt = receive_feed(actor=platform_user, records=[{"id": "1", "text": LISTING}])
    assert receipt.batch.platform == world["platform"]
    with pytest.raises(MonitoringError) as refused:
        receive_feed(actor=platform_user, platform=other, records=[{"id": "1", "text": "x"}])
    assert refused.value.rule == "own_platform"


def test_consumers_and_merchants_cannot_post_feeds(world, consumer, merchant):
    for actor in (consumer, merchant):
        with pytest.raises(MonitoringError) as refused:
            receive_feed(actor=actor, records=[{"id": "1", "text": "x"}])
        assert refused.value.rule == "capability"


def _yangpu_findings():
    return list(Finding.objects.filter(item__external_id="L-1").order_by("rule"))


def test_confirming_registers_a_clue_with_its_statutory_deadline(batch, regulator, world):
    findings = _yangpu_findings()
    clue = confirm_findings(
        actor=regulator, finding_ids=[f.pk for f in findings[:2]], note="商品页截图已留存"
    )
    today = timezone.localdate()
    assert clue.number == f"XS310110{today.year}00001"
    assert clue.due_on == add_working_days(today, 15)
    assert clue.rules_version == "clue-2021.07"
    assert (clue.entity, clue.shop) == (world["food"], world["yangpu_shop"])
    assert clue.legal_basis == ["ad-law-2021:9.3", "ad-law-2021:57"]
    assert (
        clue.summary
        == "甲乙食品旗舰店：网络监测发现 AT-001「最好」、AT-003「国家级」。商品页截图已留存"
    )
    states = list(Finding.objects.filter(clue=clue).values_list("state", flat=True))
    assert states == ["confirmed", "confirmed"]
    event = AuditEvent.objects.get(event_type="monitoring.clue_registered")
    assert event.after["findings"] == [findings[0].pk, findings[1].pk]
    # The third finding joins the same clue.
    same = confirm_findings(actor=regulator, finding_ids=[findings[2].pk], note="", clue=clue)
    assert same.pk == clue.pk
    assert Finding.objects.filter(clue=clue).count() == 3


def _monitoring_points(entity):
    from wangjian.credit.models import TierAssessment, TierContribution

    current = TierAssessment.objects.get(entity=entity, is_current=True)
    return (
        TierContribution.objects.filter(
            run=current.run, entity=entity, indicator="monitoring_finding"
        )
        .values_list("points", flat=True)
        .first()
        or 0
    )


def test_a_confirmed_finding_is_an_unchecked_signal_and_leaves_credit_alone(
    batch, regulator, section_chief, world, django_capture_on_commit_callbacks
):
    from wangjian.credit.actions import recompute_entity
    from wangjian.credit.actions.tier_models import load_tier_models
    from wangjian.credit.models import CreditEvent

    load_tier_models(actor=None)
    recompute_entity(world["food"].pk)
    points_before = _monitoring_points(world["food"])
    with django_capture_on_commit_callbacks(execute=True):
        clue = confirm_findings(
            actor=regulator, finding_ids=[_yangpu_findings()[0].pk], note="已核对"
        )
    assert CreditEvent.objects.filter(source_app="monitoring").count() == 0
    recompute_entity(world["food"].pk)
    assert _monitoring_points(world["food"]) == points_before == 0

    # The head's decision to open a case is what lets the clue count (程序规定 第二十条).
    clue = verify_and_submit(clue, regulator)
    assert CreditEvent.objects.filter(source_app="monitoring").count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        decide_clue(actor=section_chief, clue=clue, decision="referred", note="证据充分，建议立案")
    event = CreditEvent.objects.get(source_app="monitoring", source_id=str(clue.pk))
    assert (event.entity, event.kind, event.legal_basis) == (
        world["food"],
        "monitoring_finding",
        "ad-law-2021:9.3",
    )
    assert _monitoring_points(world["food"]) == 4


def test_a_clue_closed_without_a_case_leaves_no_credit_trace(
    batch, regulator, section_chief, django_capture_on_commit_callbacks
):
    from wangjian.credit.models import CreditEvent

    with django_capture_on_commit_callbacks(execute=True):
        clue = confirm_findings(
            actor=regulator, finding_ids=[_yangpu_findings()[0].pk], note="已核对"
        )
        clue = verify_and_submit(clue, regulator)
        decide_clue(actor=section_chief, clue=clue, decision="no_case", note="页面已下架，不予立案")
    assert CreditEvent.objects.filter(source_app="monitoring").count() == 0


def test_findings_about_different_shops_do_not_make_one_clue(batch, regulator):
    unknown = Finding.objects.filter(item__external_id="L-4").first()
    with pytest.raises(MonitoringError) as refused:
        confirm_findings(
            actor=regulator, finding_ids=[_yangpu_findings()[0].pk, unknown.pk], note=""
        )
    assert refused.value.rule == "same_subject"
    assert Clue.objects.count() == 0


def test_findings_of_another_jurisdiction_cannot_be_confirmed(batch, regulator, other_regulator):
    pudong = Finding.objects.filter(item__external_id="L-3").first()
    with pytest.raises(MonitoringError) as refused:
        confirm_findings(actor=regulator, finding_ids=[pudong.pk], note="")
    assert refused.value.rule == "visible"
    with pytest.raises(MonitoringError):
        confirm_findings(actor=other_regulator, finding_ids=[_yangpu_findings()[0].pk], note="")
    clue = confirm_findings(actor=other_regulator, finding_ids=[pudong.pk], note="张江")
    assert clue.number.startswith("XS310115")


def test_dismissal_needs_a_listed_reason_and_a_note(batch, regulator):
    finding = _yangpu_findings()[0]
    with pytest.raises(MonitoringError) as bad_reason:
        dismiss_finding(actor=regulator, finding=finding, reason="bored", note="不想处理")
    assert bad_reason.value.field == "reason"
    with pytest.raises(MonitoringError) as no_note:
        dismiss_finding(actor=regulator, finding=finding, reason="context", note="  ")
    assert no_note.value.field == "note"
    dismissed = dismiss_finding(
        actor=regulator, finding=finding, reason="context", note="店铺名中的字号，不是宣传用语"
    )
    assert (dismissed.state, dismissed.dismissal_reason) == ("dismissed", "context")
    event = AuditEvent.objects.get(event_type="monitoring.finding_dismissed")
    assert event.reason == "店铺名中的字号，不是宣传用语"
    with pytest.raises(MonitoringError) as twice:
        dismiss_finding(actor=regulator, finding=finding, reason="context", note="再次排除")
    assert twice.value.rule == "open_only"
    with pytest.raises(MonitoringError) as confirm_dismissed:
        confirm_findings(actor=regulator, finding_ids=[finding.pk], note="")
    assert confirm_dismissed.value.rule == "open_only"


def test_only_the_section_head_reopens_a_dismissal(batch, regulator, section_chief):
    finding = dismiss_finding(
        actor=regulator, finding=_yangpu_findings()[0], reason="context", note="语境正常"
    )
    with pytest.raises(MonitoringError) as refused:
        reopen_finding(actor=regulator, finding=finding, note="重新看看")
    assert refused.value.rule == "capability"
    reopened = reopen_finding(actor=section_chief, finding=finding, note="商家宣传确有不实")
    assert (reopened.state, reopened.dismissal_reason, reopened.triaged_by) == ("open", "", None)
    event = AuditEvent.objects.get(event_type="monitoring.finding_reopened")
    assert event.before == {"state": "dismissed", "reason": "context"}


def test_clue_extension_once_and_decision_by_the_head(batch, regulator, section_chief, year_2027):
    clue = confirm_findings(actor=regulator, finding_ids=[_yangpu_findings()[0].pk], note="")
    first_due = clue.due_on
    with pytest.raises(MonitoringError):
        extend_clue(actor=regulator, clue=clue, reason="需要调取平台交易记录")
    extended = extend_clue(actor=section_chief, clue=clue, reason="需要调取平台交易记录")
    assert extended.due_on == add_working_days(first_due, 15)
    with pytest.raises(MonitoringError) as twice:
        extend_clue(actor=section_chief, clue=clue, reason="还需要时间")
    assert twice.value.rule == "once"
    with pytest.raises(MonitoringError) as early:
        decide_clue(actor=section_chief, clue=clue, decision="referred", note="证据充分")
    assert (early.value.field, early.value.rule) == ("submitted_at", "order")
    clue = verify_and_submit(clue, regulator)
    with pytest.raises(MonitoringError) as bad:
        decide_clue(actor=section_chief, clue=clue, decision="closed", note="不明")
    assert bad.value.field == "decision"
    decided = decide_clue(
        actor=section_chief, clue=clue, decision="referred", note="证据充分，建议立案"
    )
    assert (decided.state, decided.decided_by) == ("referred", section_chief)
    event = AuditEvent.objects.get(event_type="monitoring.clue_decided")
    assert event.after["overdue"] is False
    with pytest.raises(MonitoringError) as again:
        decide_clue(actor=section_chief, clue=clue, decision="no_case", note="改变主意")
    assert again.value.rule == "registered_only"


def test_a_source_clue_names_its_source_and_stays_in_the_jurisdiction(world, regulator):
    from wangjian.monitoring.actions import MonitoringError, register_source_clue

    clue = register_source_clue(
        actor=regulator,
        entity=world["food"],
        source="物联感知",
        source_ref="device-alerts:kitchen_rodent:1,2",
        summary="后厨发现老鼠：30日内告警2次。",
    )
    assert (clue.entity, clue.division, clue.state) == (
        world["food"],
        world["food"].division,
        "registered",
    )
    assert clue.summary == "【物联感知】后厨发现老鼠：30日内告警2次。"
    assert clue.due_on is not None
    event = AuditEvent.objects.get(event_type="monitoring.clue_registered", target_id=str(clue.pk))
    assert event.after["source_ref"] == "device-alerts:kitchen_rodent:1,2"
    with pytest.raises(MonitoringError) as outside:
        register_source_clue(
            actor=regulator,
            entity=world["pudong_seller"],
            source="物联感知",
            source_ref="x",
            summary="y",
        )
    assert outside.value.field == "entity"
    with pytest.raises(MonitoringError) as blank:
        register_source_clue(
            actor=regulator, entity=world["food"], source="", source_ref="x", summary="y"
        )
    assert blank.value.field == "source"
    assert Clue.objects.count() == 1
