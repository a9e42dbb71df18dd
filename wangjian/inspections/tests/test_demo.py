"""The credit and inspections demo steps: loaded twice, the same data; the drawn plans verify."""

import json

import pytest

from wangjian.core.demo import load_demo
from wangjian.credit.models import CreditEvent, CreditListEntry, TierAssessment, TierRun
from wangjian.inspections.draw import DrawRecord, verify_record
from wangjian.inspections.models import InspectionPlan, InspectionResult, InspectionTask


def counts() -> dict[str, int]:
    return {
        "events": CreditEvent.objects.filter(source_app__in=["demo", "inspections"]).count(),
        "lists": CreditListEntry.objects.count(),
        "monthly_runs": TierRun.objects.filter(kind="monthly").count(),
        "plans": InspectionPlan.objects.count(),
        "tasks": InspectionTask.objects.count(),
        "published": InspectionResult.objects.published().count(),
    }


@pytest.mark.django_db
def test_demo_loads_once_with_verifiable_draws_and_tiers():
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first
    assert (first["lists"], first["monthly_runs"], first["plans"], first["published"]) == (
        2,
        1,
        2,
        3,
    )
    assert first["events"] == 10 + 4  # ten demo records, four inspection results
    for plan in InspectionPlan.objects.all():
        record = DrawRecord.from_json(json.dumps(plan.object_record))
        assert [s.name for s in verify_record(record) if not s.passed] == []
        for task in plan.tasks.all():
            assert task.inspectors.count() == 2
    serious = CreditListEntry.objects.get(list_kind="serious")
    assert TierAssessment.objects.get(entity=serious.entity, is_current=True).tier == "D"
