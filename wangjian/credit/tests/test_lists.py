import datetime as dt

import pytest

from wangjian.core.models import AuditEvent
from wangjian.credit import actions
from wangjian.credit.error_codes import CreditNotPermitted, CreditRefused
from wangjian.credit.models import CreditEvent


def heavy_penalty(entity, on=dt.date(2025, 3, 3)):
    return actions.record_credit_event(
        actor=None,
        entity=entity,
        kind="penalty",
        occurred_on=on,
        legal_basis="ecommerce-law-2018:77",
        summary="组织虚假交易，从重罚款",
        source_app="enforcement",
        source_type="decision",
        source_id="沪市监杨处〔2025〕1号",
        severity="heavy",
    )


def test_penalty_publicity_periods_follow_the_dated_rules(entities):
    def penalty(severity, n):
        return actions.record_credit_event(
            actor=None,
            entity=entities["alpha"],
            kind="penalty",
            occurred_on=dt.date(2026, 1, 31),
            legal_basis="price-law-1997:13",
            summary="明码标价",
            source_app="enforcement",
            source_type="decision",
            source_id=str(n),
            severity=severity,
        )

    assert penalty("low", 1).publicity_until == dt.date(2026, 4, 30)
    assert penalty("ordinary", 2).publicity_until == dt.date(2029, 1, 31)
    assert penalty("warning", 3).publicity_until is None
    rule = penalty("ordinary", 2).details["publicity_rule"]
    assert (rule["basis"], rule["verification"]) == (
        "penalty-info-disclosure-rules-2021:13",
        "confirmed",
    )


def test_posting_the_same_source_twice_is_idempotent(entities):
    first = heavy_penalty(entities["delta"])
    second = heavy_penalty(entities["delta"])
    assert first.pk == second.pk
    assert CreditEvent.objects.filter(entity=entities["delta"]).count() == 1


def test_bad_events_are_refused_with_record_field_and_rule(entities):
    with pytest.raises(CreditRefused, match="法律依据 'nonexistent-law:1' 不在法律依据目录"):
        actions.record_credit_event(
            actor=None,
            entity=entities["alpha"],
            kind="complaint",
            occurred_on=dt.date(2026, 1, 5),
            legal_basis="nonexistent-law:1",
            summary="x",
            source_app="complaints",
        )
    with pytest.raises(CreditRefused, match="行政处罚须注明严重程度"):
        actions.record_credit_event(
            actor=None,
            entity=entities["alpha"],
            kind="penalty",
            occurred_on=dt.date(2026, 1, 5),
            legal_basis="price-law-1997:13",
            summary="x",
            source_app="enforcement",
        )


def test_staff_act_only_inside_their_jurisdiction(entities, regulator, other_regulator, consumer):
    kwargs = {
        "kind": "complaint",
        "occurred_on": dt.date(2026, 5, 5),
        "legal_basis": "consumer-protection-law-2013:39",
        "summary": "投诉",
        "source_app": "complaints",
    }
    with pytest.raises(CreditNotPermitted):
        actions.record_credit_event(actor=other_regulator, entity=entities["alpha"], **kwargs)
    with pytest.raises(CreditNotPermitted):
        actions.record_credit_event(actor=consumer, entity=entities["alpha"], **kwargs)
    event = actions.record_credit_event(actor=regulator, entity=entities["alpha"], **kwargs)
    audit = AuditEvent.objects.get(event_type="credit.event_recorded", target_id=str(event.pk))
    assert audit.actor == regulator


def test_abnormal_listing_waits_for_the_statement_period(entities, regulator, section_chief):
    entry = actions.notify_listing(
        actor=regulator,
        entity=entities["gamma"],
        list_kind="abnormal",
        ground="未按期报送2025年度报告",
        ground_basis="abnormal-operation-list-measures-2014:4.1",
        notified_on=dt.date(2026, 6, 1),  # Monday; 5 working days → Monday 8 June
    )
    assert entry.statement_due_on == dt.date(2026, 6, 8)
    assert entry.rules_applied["statement"]["verification"] == "unconfirmed"
    with pytest.raises(CreditNotPermitted):
        actions.decide_listing(
            actor=regulator, entry=entry, listed=True, decided_on=dt.date(2026, 6, 9)
        )
    with pytest.raises(CreditRefused, match="陈述申辩期限至 2026-06-08"):
        actions.decide_listing(
            actor=section_chief, entry=entry, listed=True, decided_on=dt.date(2026, 6, 8)
        )
    actions.record_statement(
        actor=regulator, entry=entry, statement="已于6月5日补报", hearing_requested=True
    )
    with pytest.raises(CreditRefused, match="已申请听证"):
        actions.decide_listing(
            actor=section_chief, entry=entry, listed=True, decided_on=dt.date(2026, 6, 9)
        )
    actions.record_statement(
        actor=regulator,
        entry=entry,
        statement="已于6月5日补报",
        hearing_held_on=dt.date(2026, 6, 9),
    )
    actions.decide_listing(
        actor=section_chief, entry=entry, listed=True, decided_on=dt.date(2026, 6, 10)
    )
    assert entry.state == "listed"
    assert entry.rules_applied["escalation_on"] == "2029-06-10"
    assert CreditEvent.objects.filter(
        entity=entities["gamma"], kind="abnormal_list_entry", occurred_on=dt.date(2026, 6, 10)
    ).exists()


def test_abnormal_removal_on_cure_is_a_repair_decided_within_five_working_days(
    entities, regulator, section_chief
):
    entry = actions.notify_listing(
        actor=regulator,
        entity=entities["gamma"],
        list_kind="abnormal",
        ground="通过登记的住所无法联系",
        ground_basis="abnormal-operation-list-measures-2014:4.4",
        notified_on=dt.date(2026, 3, 2),
    )
    actions.decide_listing(
        actor=section_chief, entry=entry, listed=True, decided_on=dt.date(2026, 3, 16)
    )
    application = actions.apply_for_repair(
        actor=regulator,
        entity=entities["gamma"],
        kind="abnormal_removal",
        applied_on=dt.date(2026, 7, 1),  # Wednesday → Wednesday 8 July
        list_entry=entry,
        statement="已办理住所变更登记",
    )
    assert application.due_on == dt.date(2026, 7, 8)
    assert [c["met"] for c in application.conditions] == [True, True]
    actions.decide_repair(
        actor=section_chief,
        application=application,
        grant=True,
        decided_on=dt.date(2026, 7, 6),
        reason="住所已变更，可以联系",
    )
    entry.refresh_from_db()
    assert (entry.state, entry.removal_reason, entry.removed_on) == (
        "removed",
        "cured",
        dt.date(2026, 7, 6),
    )


def test_serious_list_needs_a_heavy_penalty_and_runs_three_years_with_early_removal(
    entities, regulator, section_chief
):
    with pytest.raises(CreditRefused, match="较重行政处罚"):
        actions.notify_listing(
            actor=regulator,
            entity=entities["delta"],
            list_kind="serious",
            ground="刷单",
            ground_basis="serious-violation-list-measures-2021:2",
            notified_on=dt.date(2025, 3, 10),
        )
    penalty = heavy_penalty(entities["delta"])
    entry = actions.notify_listing(
        actor=regulator,
        entity=entities["delta"],
        list_kind="serious",
        ground="组织虚假交易",
        ground_basis="serious-violation-list-measures-2021:2",
        notified_on=dt.date(2025, 3, 10),
        penalty_event=penalty,
    )
    actions.decide_listing(
        actor=section_chief, entry=entry, listed=True, decided_on=dt.date(2025, 3, 28)
    )
    assert (entry.expires_on, entry.early_removal_from) == (
        dt.date(2028, 3, 28),
        dt.date(2026, 3, 28),
    )
    early = actions.apply_for_repair(
        actor=regulator,
        entity=entities["delta"],
        kind="serious_early_removal",
        applied_on=dt.date(2026, 1, 5),
        list_entry=entry,
        statement="罚款已缴清",
    )
    assert {c["condition"]: c["met"] for c in early.conditions} == {
        "listed": True,
        "one_year_listed": False,
        "no_new_heavy_penalty": True,
        "penalty_fulfilled": True,
    }
    with pytest.raises(CreditRefused, match="列入满一年（2026-03-28 起可申请）"):
        actions.decide_repair(
            actor=section_chief,
            application=early,
            grant=True,
            decided_on=dt.date(2026, 1, 10),
            reason="x",
        )
    actions.decide_repair(
        actor=section_chief,
        application=early,
        grant=False,
        decided_on=dt.date(2026, 1, 10),
        reason="未满一年",
    )
    later = actions.apply_for_repair(
        actor=regulator,
        entity=entities["delta"],
        kind="serious_early_removal",
        applied_on=dt.date(2026, 4, 1),
        list_entry=entry,
        statement="罚款已缴清，已消除影响",
    )
    assert later.due_basis["verification"] == "unconfirmed"
    actions.decide_repair(
        actor=section_chief,
        application=later,
        grant=True,
        decided_on=dt.date(2026, 4, 15),
        reason="满足提前移出条件",
    )
    entry.refresh_from_db()
    assert (entry.state, entry.removal_reason) == ("removed", "early_repair")
    with pytest.raises(CreditRefused, match="未在名单中"):
        actions.remove_from_list(
            actor=section_chief, entry=entry, removed_on=dt.date(2028, 3, 28), reason="expired"
        )


def test_penalty_publicity_stop_conditions(entities, regulator, section_chief):
    ordinary = actions.record_credit_event(
        actor=None,
        entity=entities["beta"],
        kind="penalty",
        occurred_on=dt.date(2026, 1, 5),
        legal_basis="ad-law-2021:9.3",
        summary="使用绝对化用语",
        source_app="enforcement",
        source_id="a1",
        severity="ordinary",
        sensitive_sector=True,
    )
    application = actions.apply_for_repair(
        actor=regulator,
        entity=entities["beta"],
        kind="penalty_publicity_stop",
        applied_on=dt.date(2026, 8, 3),
        penalty_event=ordinary,
    )
    # Food sector: 12 months, so 2027-01-05 at the earliest.
    assert {c["condition"]: c["met"] for c in application.conditions} == {
        "publicity_served": False,
        "repairable_penalty": True,
        "not_listed": True,
        "no_repeat": True,
    }
    assert application.conditions[0]["detail"] == "公示满12个月（2027-01-05 起可申请）"
    assert application.due_on == dt.date(2026, 8, 24)
