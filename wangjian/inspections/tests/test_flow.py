import copy
import datetime as dt
import json

import pytest

from wangjian.cli import main
from wangjian.credit.models import CreditEvent
from wangjian.inspections import actions
from wangjian.inspections.draw import DrawRecord, verify_record
from wangjian.inspections.error_codes import InspectionNotPermitted, InspectionRefused
from wangjian.inspections.models import InspectionTask
from wangjian.inspections.tests.conftest import SOURCES


def test_commit_freezes_yangpu_pools_with_opaque_strata(plan, section_chief, entities):
    actions.commit_plan(actor=section_chief, plan=plan, sources=SOURCES, on=dt.date(2026, 11, 3))
    pool = plan.object_record["pool"]
    # Five Yangpu entities; the Pudong one is outside the plan's division.
    assert [entry["label"] for entry in pool] == [
        entities[name].name
        for name in sorted(
            ["alpha", "beta", "gamma", "delta", "epsilon"], key=lambda n: entities[n].uscc
        )
    ]
    assert {entry["stratum"] for entry in pool} <= {"S1", "S2", "S3", "S4"}
    text = json.dumps(plan.object_record, ensure_ascii=False)
    assert '"A"' not in text
    assert '"D"' not in text
    # Tiers (golden): A 甲; B 乙 戊; D 丙 丁. Counts: ceil(1×3%)=1, ceil(2×10%)=1, ceil(2×80%)=2.
    tiers = plan.stratum_tiers
    assert sorted((tiers[label], count) for label, count in plan.object_record["plan"].items()) == [
        ("A", 1),
        ("B", 1),
        ("D", 2),
    ]
    assert [entry["id"] for entry in plan.inspector_pool] == [
        "3101100000",
        "3101100001",
        "3101100002",
        "3101100003",
    ]


def test_the_draw_creates_tasks_with_two_drawn_inspectors_and_recusals_excluded(
    drawn_plan, entities, officers
):
    tasks = list(InspectionTask.objects.filter(plan=drawn_plan).select_related("entity"))
    assert len(tasks) == 4
    assert all(task.inspectors.count() == 2 for task in tasks)
    drawn = {task.entity.uscc for task in tasks}
    assert drawn == {uscc for ids in drawn_plan.object_record["results"].values() for uscc in ids}
    alpha = next(task for task in tasks if task.entity == entities["alpha"])
    assert officers[0] not in alpha.inspectors.all()
    assert alpha.inspector_record["exclusions"] == [{"id": "3101100000", "reasons": ["relative"]}]
    for task in tasks:
        steps = verify_record(DrawRecord.from_json(json.dumps(task.inspector_record)))
        assert [s.name for s in steps if not s.passed] == []
        assert "team_size" in [s.name for s in steps]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda r: r["pool"][0].update(label="改名企业"),
        lambda r: r["pool"].append({"id": "91310110MA1G9999X0", "label": "新增", "stratum": "S1"}),
        lambda r: r["sources"][1]["values"].__setitem__(0, 3371.53),
        lambda r: r["results"][sorted(r["results"])[0]].__setitem__(0, r["pool"][0]["id"] + "0"),
    ],
    ids=["pool entry", "pool added", "source", "result"],
)
def test_the_downloaded_record_verifies_and_any_change_fails(drawn_plan, tmp_path, capsys, tamper):
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(drawn_plan.object_record, ensure_ascii=False), encoding="utf-8")
    assert main(["draw", "verify", str(path)]) == 0
    changed = copy.deepcopy(drawn_plan.object_record)
    tamper(changed)
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["draw", "verify", str(path)]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_an_inspector_record_fails_when_a_recused_officer_is_put_in(drawn_plan, entities):
    task = InspectionTask.objects.get(plan=drawn_plan, entity=entities["alpha"])
    record = DrawRecord.from_json(json.dumps(task.inspector_record))
    record.results["*"][0] = "3101100000"
    failed = [s.name for s in verify_record(record) if not s.passed]
    assert failed == ["recusals", "results"]


def test_the_draw_refuses_a_seed_that_does_not_match_and_draws_only_once(
    plan, section_chief, officers
):
    import hashlib

    actions.commit_plan(
        actor=section_chief,
        plan=plan,
        sources=SOURCES,
        seed_commitment=hashlib.sha256(b"right").hexdigest(),
        on=dt.date(2026, 11, 3),
    )
    with pytest.raises(InspectionRefused, match="揭示的种子与承诺不符"):
        actions.draw_plan(actor=section_chief, plan=plan, source_values=[[1], [2]], seed="wrong")
    with pytest.raises(InspectionRefused, match="须提供全部 2 个随机源"):
        actions.draw_plan(actor=section_chief, plan=plan, source_values=[[1]], seed="right")
    actions.draw_plan(actor=section_chief, plan=plan, source_values=[[1], [2]], seed="right")
    with pytest.raises(InspectionRefused, match="只能抽取一次"):
        actions.draw_plan(actor=section_chief, plan=plan, source_values=[[1], [2]], seed="right")


def test_plans_need_items_two_inspectors_and_a_chief_of_the_jurisdiction(
    divisions, items, regulator, other_section_chief, section_chief
):
    kwargs = {"title": "t", "division": divisions["yangpu"], "year": 2026, "items": items}
    with pytest.raises(InspectionNotPermitted):
        actions.create_plan(actor=regulator, **kwargs)
    with pytest.raises(InspectionNotPermitted):
        actions.create_plan(actor=other_section_chief, **kwargs)
    with pytest.raises(InspectionRefused, match="第四十二条"):
        actions.create_plan(actor=section_chief, team_size=1, **kwargs)
    with pytest.raises(InspectionRefused, match="至少包含一个抽查事项"):
        actions.create_plan(actor=section_chief, **{**kwargs, "items": []})


def test_a_result_updates_the_credit_record_and_is_due_in_twenty_working_days(
    drawn_plan, regulator, entities
):
    task = InspectionTask.objects.filter(plan=drawn_plan).order_by("id").first()
    result = actions.record_result(
        actor=regulator,
        task=task,
        outcome="refused",
        result_on=dt.date(2026, 11, 20),  # Friday; 20 working days → Friday 18 December
        notes="拒绝提供经营场所",
    )
    assert result.publish_due_on == dt.date(2026, 12, 18)
    assert result.publish_rule["verification"] == "secondary"
    event = CreditEvent.objects.get(source_app="inspections", source_id=str(result.pk))
    assert (event.kind, event.severity, event.entity_id) == (
        "spot_check",
        "serious",
        task.entity_id,
    )
    assert event.legal_basis == "enterprise-info-disclosure-regulations-2014:14"
    with pytest.raises(InspectionRefused, match="不是标准结果之一"):
        actions.record_result(
            actor=regulator, task=task, outcome="fine", result_on=dt.date(2026, 11, 20)
        )
    from wangjian.inspections.models import InspectionResult

    assert list(InspectionResult.objects.overdue(dt.date(2026, 12, 18))) == []
    assert list(InspectionResult.objects.overdue(dt.date(2026, 12, 21))) == [result]
    actions.publish_result(actor=regulator, result=result, on=dt.date(2026, 12, 21))
    assert list(InspectionResult.objects.published_late()) == [result]
    assert list(InspectionResult.objects.overdue(dt.date(2026, 12, 22))) == []


def test_every_item_basis_is_citable(items):
    from wangjian.credit.rules import basis_known
    from wangjian.inspections.models import InspectionItem

    keys = [key for item in InspectionItem.objects.all() for key in item.basis]
    assert len(keys) == 7
    assert [key for key in keys if not basis_known(key)] == []


def test_cli_loads_items(catalogue, capsys):
    from wangjian.inspections.models import InspectionItem

    assert main(["inspections", "load-items"]) == 0
    assert InspectionItem.objects.count() == 6
    assert main(["inspections", "load-items"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("抽查事项新增或更新 0 项")
