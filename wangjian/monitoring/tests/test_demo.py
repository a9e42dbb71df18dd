import pytest
from django.utils import timezone

from wangjian.core.demo import load_demo
from wangjian.core.models import AuditEvent
from wangjian.core.working_days import CalendarYearNotCovered, add_working_days
from wangjian.monitoring.actions import engine, second_stage
from wangjian.monitoring.demo import DEMO_BATCH_ID, DISMISSALS, demo_records
from wangjian.monitoring.engine.records import parse_record
from wangjian.monitoring.models import Clue, Finding, MonitoredItem, ScanBatch


def _calendar_covers_a_clue_from_today() -> bool:
    try:
        add_working_days(timezone.localdate(), 15)
    except CalendarYearNotCovered:
        return False
    return True


def _state():
    return (
        list(ScanBatch.objects.values_list("id", "records", "findings", "state")),
        list(Finding.objects.order_by("id").values_list("id", "state", "dismissal_reason", "clue")),
        list(Clue.objects.order_by("id").values_list("id", "number", "state", "due_on")),
        AuditEvent.objects.filter(event_type__startswith="monitoring.").count(),
    )


@pytest.mark.django_db
def test_demo_loads_one_realistic_feed_and_its_triage_once():
    load_demo()
    records = demo_records()
    assert 55 <= len(records) <= 70
    pack = engine().pack
    scanned = list(
        engine().scan_many(
            parse_record(raw, n, pack.category_aliases) for n, raw in enumerate(records, start=1)
        )
    )
    clean = [record for record, findings in scanned if not findings]
    # Stored findings include the second stage's needs_review prompts on texts the rules left open.
    expected_findings = sum(len(findings) for _record, findings in second_stage().apply(scanned))
    # Many texts are clean or use exempt wording: the demo is not a wall of red.
    assert len(clean) >= 20

    batch = ScanBatch.objects.get()
    assert (batch.source, batch.external_id, batch.state) == ("feed", DEMO_BATCH_ID, "done")
    assert batch.platform.name == "杨浦优选商城"
    assert batch.submitted_by.username == "platform"
    assert (batch.records, batch.malformed, batch.findings) == (len(records), 0, expected_findings)
    assert Finding.objects.count() == expected_findings
    # Every listing of a registered shop is placed in the shop's street, the rest with the bureau.
    unknown = {r["id"] for r in records if r["shop_id"].startswith("X-")}
    for item in MonitoredItem.objects.select_related("shop", "division"):
        if item.external_id in unknown:
            assert (item.shop, item.division.code) == (None, "310110000000")
        else:
            assert item.shop is not None, item.external_id
            assert item.division == item.shop.division
            assert item.division.parent.code == "310110000000"

    dismissed = Finding.objects.filter(state="dismissed").select_related("item")
    assert sorted((f.item.external_id, f.rule, f.dismissal_reason) for f in dismissed) == sorted(
        (item_id, rule, reason) for item_id, rule, reason, _note in DISMISSALS
    )
    assert all(f.triaged_by.username == "regulator" and f.triage_note for f in dismissed)
    if _calendar_covers_a_clue_from_today():
        clues = list(Clue.objects.order_by("number").select_related("shop"))
        assert [(c.shop.shop_id, c.state) for c in clues] == [
            ("P1-00004", "registered"),
            ("P1-00016", "referred"),
        ]
        assert clues[1].decided_by.username == "chief"
        confirmed = Finding.objects.filter(state="confirmed").select_related("item")
        assert sorted((f.item.external_id, f.rule, f.match) for f in confirmed) == [
            ("YP-20260602-002", "AT-003", "国家级"),
            ("YP-20260602-002", "PR-002", "全网最低价"),
            ("YP-20260602-025", "MC-002", "无副作用"),
            ("YP-20260602-025", "MC-002", "药妆"),
        ]
    else:
        assert Clue.objects.count() == 0
        assert Finding.objects.filter(state="confirmed").count() == 0
    assert Finding.objects.filter(state="open").count() > 40

    before = _state()
    load_demo()
    assert _state() == before
