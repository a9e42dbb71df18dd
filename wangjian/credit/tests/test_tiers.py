"""Golden tier tests: fixed entities (``conftest.golden``) whose scores and tiers were
computed by hand from data/tier_models/general-2026.yaml (as of 2026-10-31):

- 甲: established 2010, no records                                   → 0, A
- 乙: established 2026-03-01 (young, 3) + 2 complaints in 12 months (2×2) → 7, B
  (a complaint of 2025-09-01 is outside the 12-month window)
- 丙: ordinary penalty 2025-06-01 in publicity (10) + 经营异常名录 (20)
  + 6 complaints (6×2 = 12, capped at 10)                              → 40, D
- 丁: heavy penalty (25) + 严重违法失信名单 (40, direct to D)            → 65, D
- 戊: same 法定代表人 as 丁 (10) + a low fine of 2026-09-01 in its 3-month publicity (3);
  a low fine of 2025-01-01 (publicity over) and a withdrawn penalty do not count → 13, B
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wangjian.credit import actions
from wangjian.credit.models import CreditEvent, TierAssessment, TierContribution
from wangjian.credit.tests.conftest import AS_OF, event
from wangjian.credit.tiers import TierModelError, explain, validate_model
from wangjian.registry.personal import hash_resident_id
from wangjian.registry.tests.factories import make_entity, make_uscc


def current(entity):
    return TierAssessment.objects.get(entity=entity, is_current=True)


def test_golden_scores_and_tiers(golden):
    run = actions.recompute_tiers(actor=None, as_of=AS_OF)
    got = {name: (current(entity).score, current(entity).tier) for name, entity in golden.items()}
    assert got == {
        "alpha": (0, "A"),
        "beta": (7, "B"),
        "gamma": (40, "D"),
        "delta": (65, "D"),
        "epsilon": (13, "B"),
        "pudong": (0, "A"),
    }
    assert current(golden["delta"]).direct_rule == "serious_listed"
    assert run.entity_count == 6
    points = dict(
        TierContribution.objects.filter(run=run, entity=golden["gamma"]).values_list(
            "indicator", "points"
        )
    )
    assert points == {"penalty_ordinary": 10, "abnormal_listed": 20, "complaints": 10}


def test_explanation_lists_every_contributing_record(golden):
    actions.recompute_tiers(actor=None, as_of=AS_OF)
    explanation = explain(current(golden["gamma"]))
    listed_records = {
        (record.record_type, record.record_id)
        for contribution in explanation.contributions
        for record in contribution.records
    }
    gamma_events = CreditEvent.objects.filter(
        entity=golden["gamma"], kind__in=["penalty", "complaint"]
    )
    entry = golden["gamma"].credit_lists.get()
    assert listed_records == {
        ("credit_event", pk) for pk in gamma_events.values_list("pk", flat=True)
    } | {("list_entry", entry.pk)}
    assert sum(c.points for c in explanation.contributions) == 40
    complaints = next(c for c in explanation.contributions if c.key == "complaints")
    assert (len(complaints.records), complaints.points, complaints.cap) == (6, 10, 10)
    assert all(c.basis.startswith("《") for c in explanation.contributions)
    # Better tier C needs ≤ 39: one record is enough, and the penalty (10) is the smallest
    # record that is (one complaint gains nothing under the cap).
    assert explanation.better_tier == "C"
    assert explanation.smallest_change[0].startswith("公示期内的一般行政处罚")
    assert explanation.smallest_change[-1] == "风险分降至 30（C 类上限 39）"


def test_smallest_change_from_b_to_a(golden):
    actions.recompute_tiers(actor=None, as_of=AS_OF)
    explanation = explain(current(golden["beta"]))
    assert explanation.better_tier == "A"
    assert len(explanation.smallest_change) == 2
    assert explanation.smallest_change[-1] == "风险分降至 5（A 类上限 5）"
    assert explain(current(golden["alpha"])).smallest_change == []


def test_direct_rule_names_the_list_removal(golden):
    actions.recompute_tiers(actor=None, as_of=AS_OF)
    explanation = explain(current(golden["delta"]))
    assert "2027-03-10" in explanation.smallest_change[0]  # earliest early removal


def test_history_is_kept_and_single_entity_recompute_touches_one_entity(golden, divisions):
    first = actions.recompute_tiers(actor=None, as_of=AS_OF)
    again = actions.recompute_tiers(actor=None, as_of=AS_OF, entity_ids=[golden["beta"].pk])
    assert again.entity_count == 1
    beta = TierAssessment.objects.filter(entity=golden["beta"]).order_by("run_id")
    assert [(a.run_id, a.is_current) for a in beta] == [(first.pk, False), (again.pk, True)]
    assert current(golden["alpha"]).run_id == first.pk
    # A year later the complaints and the youth have aged out.
    later = actions.recompute_tiers(actor=None, as_of=dt.date(2027, 10, 31))
    assert (current(golden["beta"]).score, current(golden["beta"]).tier) == (0, "A")
    assert TierAssessment.objects.filter(entity=golden["beta"]).count() == 3
    assert later.model_id == first.model_id
    # One current row per entity, whichever runs (register, one entity, one division) came first.
    actions.recompute_tiers(actor=None, as_of=AS_OF, division=divisions["yangpu"])
    actions.recompute_tiers(actor=None, as_of=AS_OF)
    assert TierAssessment.objects.filter(is_current=True).count() == 6
    assert TierAssessment.objects.count() == 6 + 1 + 6 + 5 + 6


def test_recompute_query_count_does_not_grow_with_the_register(golden, divisions):
    actions.recompute_tiers(actor=None, as_of=AS_OF)  # so both measured runs supersede one
    with CaptureQueriesContext(connection) as small:
        actions.recompute_tiers(actor=None, as_of=AS_OF)
    for n in range(40):
        make_entity(
            make_uscc("91310110", f"MA2H{n:04d}"), f"上海批量{n}有限公司", divisions["dinghai"]
        )
    with CaptureQueriesContext(connection) as large:
        run = actions.recompute_tiers(actor=None, as_of=AS_OF)
    assert run.entity_count == 46
    assert len(large.captured_queries) == len(small.captured_queries)


def test_entity_recompute_follows_a_new_record_after_commit(
    golden, django_capture_on_commit_callbacks
):
    actions.recompute_tiers(actor=None, as_of=AS_OF)
    with django_capture_on_commit_callbacks(execute=True):
        event(
            golden["alpha"],
            "monitoring_finding",
            dt.date(2026, 11, 2),
            "ad-law-2021:9.3",
            "极限用语",
        )
    assert (current(golden["alpha"]).score, current(golden["alpha"]).tier) == (4, "A")


def test_a_broken_model_is_refused_with_the_field_named():
    content = {
        "key": "general",
        "version": "x",
        "title": "t",
        "effective_on": "2026-01-01",
        "categories": {"basic": "企业基础属性信息"},
        "thresholds": {"A": 5, "B": 19, "C": 39},
        "indicators": [
            {
                "key": "young",
                "kind": "entity_young",
                "category": "social",
                "points": 3,
                "basis": "x:1",
            }
        ],
    }
    with pytest.raises(TierModelError, match=r"indicators\[1\]\.category"):
        validate_model(content, "test.yaml")
    content["thresholds"] = {"A": 30, "B": 19, "C": 39}
    with pytest.raises(TierModelError, match="thresholds"):
        validate_model(content, "test.yaml")


def test_every_basis_in_the_model_and_rules_is_citable(catalogue):
    from wangjian.credit.models import TierModel
    from wangjian.credit.rules import all_rules, basis_known

    model = TierModel.objects.get(key="general")
    keys = [i["basis"] for i in model.content["indicators"]] + [r.basis for r in all_rules()]
    assert [key for key in keys if not basis_known(key)] == []


def test_cli_recompute_and_explain(golden, capsys):
    from wangjian.cli import main

    assert main(["credit", "load-models"]) == 0
    assert main(["credit", "recompute", "--as-of", "2026-10-31"]) == 0
    assert "已分类 6 户" in capsys.readouterr().out
    assert main(["credit", "explain", golden["beta"].uscc]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        f"上海乙网络科技有限公司 {golden['beta'].uscc}: B （风险分 7，通用型信用风险分类模型 "
        "2026.1，基准日 2026-10-31）"
    )
    assert "升至 A 类的最小变化" in out
    assert main(["credit", "explain", "91310110XXXXXXXXXX"]) == 1


def test_two_people_with_the_same_name_are_not_linked_by_the_related_person_indicator(
    golden, divisions
):
    from wangjian.credit.tests.conftest import ANOTHER_LI_SI

    # A third 李四 — another person, another ID number — represents a clean company.
    namesake = make_entity(
        make_uscc("91310110", "MA1G0009"),
        "上海庚网络科技有限公司",
        divisions["wujiaochang"],
        established_on=dt.date(2019, 1, 1),
        legal_representative="李四",
        legal_representative_id_hash=hash_resident_id(ANOTHER_LI_SI),
    )
    actions.recompute_tiers(actor=None, as_of=AS_OF)
    namesake_points = dict(
        TierContribution.objects.filter(entity=namesake).values_list("indicator", "points")
    )
    assert "representative_listed" not in namesake_points
    assert (current(namesake).score, current(namesake).tier) == (0, "A")
    # The same person (the same ID hash) under another company is linked.
    epsilon_points = dict(
        TierContribution.objects.filter(entity=golden["epsilon"]).values_list("indicator", "points")
    )
    assert epsilon_points["representative_listed"] == 10


def test_the_current_tier_is_one_lookup_in_the_current_assessment_index(golden):
    # The draw's object pool reads every entity's current tier with this subquery; on
    # PostgreSQL it used to walk the run_id index backwards over a whole run per entity.
    actions.recompute_tiers(actor=None, as_of=AS_OF)
    actions.recompute_tiers(actor=None, as_of=dt.date(2027, 10, 31))
    lookup = TierAssessment.objects.filter(entity=golden["beta"], is_current=True).values("tier")
    assert list(lookup[:1]) == [{"tier": "A"}]
    assert "credit_assessment_current" in lookup[:1].explain()
