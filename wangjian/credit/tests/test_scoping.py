"""One scoping matrix per credit endpoint (pages and API): anonymous, other jurisdiction, no
permission (a merchant, who may see its entity in the registry but not credit records or
tiers), permitted."""

import datetime as dt

import pytest

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.credit import actions
from wangjian.credit.models import RepairApplication, TierAssessment
from wangjian.credit.tests.conftest import AS_OF

MISSING = 999999


def matrix(url, missing, permitted, other, denied, **extra):
    return assert_scoping_matrix(
        ScopingCase(url=url, missing_url=missing, **extra),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


@pytest.fixture
def scoped(golden, section_chief, regulator):
    actions.recompute_tiers(actor=None, as_of=AS_OF)
    entry = golden["gamma"].credit_lists.get()
    repair = actions.apply_for_repair(
        actor=regulator,
        entity=golden["gamma"],
        kind="abnormal_removal",
        applied_on=dt.date(2026, 11, 2),
        list_entry=entry,
        statement="已补报",
    )
    return {"entities": golden, "entry": entry, "repair": repair}


def test_entity_credit_page(scoped, section_chief, other_section_chief, merchant):
    gamma = scoped["entities"]["gamma"]
    response = matrix(
        f"/credit/entities/{gamma.pk}/",
        f"/credit/entities/{MISSING}/",
        section_chief,
        other_section_chief,
        merchant,
        api=False,
    )
    text = response.content.decode()
    assert "风险分 40" in text
    assert "公示期内的一般行政处罚" in text


def test_overview_page(scoped, regulator, other_regulator, merchant, client):
    client.force_login(other_regulator)
    assert "上海丙食品有限公司" not in client.get("/credit/").content.decode()
    client.force_login(merchant)
    assert client.get("/credit/").status_code == 404
    client.force_login(regulator)
    text = client.get("/credit/").content.decode()
    assert "上海丙食品有限公司" in text  # pending repair
    assert "未核实" in text


def test_notify_post(scoped, regulator, other_regulator, merchant):
    beta = scoped["entities"]["beta"]
    data = {
        "notify-list_kind": "abnormal",
        "notify-ground": "未按期年报",
        "notify-ground_basis": "abnormal-operation-list-measures-2014:4.1",
        "notify-notified_on": "2026-11-02",
    }
    matrix(
        f"/credit/entities/{beta.pk}/notify/",
        f"/credit/entities/{MISSING}/notify/",
        regulator,
        other_regulator,
        merchant,
        method="post",
        data=data,
        api=False,
        permitted_status=302,
    )
    assert beta.credit_lists.get().statement_due_on == dt.date(2026, 11, 9)


def test_entry_decision_post(scoped, section_chief, other_section_chief, regulator):
    entry = scoped["entry"]
    data = {"remove-reason": "cured", "remove-removed_on": "2026-11-03", "remove-note": "补报"}
    matrix(
        f"/credit/lists/{entry.pk}/remove/",
        f"/credit/lists/{MISSING}/remove/",
        section_chief,
        other_section_chief,
        regulator,  # a regulator may not decide; the answer is the same 404
        method="post",
        data=data,
        api=False,
        permitted_status=302,
    )
    entry.refresh_from_db()
    assert entry.state == "removed"


def test_repair_decision_post(scoped, section_chief, other_section_chief, regulator):
    repair = scoped["repair"]
    data = {
        "repair-decision-grant": "1",
        "repair-decision-decided_on": "2026-11-04",
        "repair-decision-reason": "已补报年度报告",
    }
    matrix(
        f"/credit/repairs/{repair.pk}/decide/",
        f"/credit/repairs/{MISSING}/decide/",
        section_chief,
        other_section_chief,
        regulator,
        method="post",
        data=data,
        api=False,
        permitted_status=302,
    )
    assert RepairApplication.objects.get(pk=repair.pk).state == "granted"


def test_recompute_post(scoped, section_chief, other_section_chief, regulator):
    alpha = scoped["entities"]["alpha"]
    matrix(
        f"/credit/entities/{alpha.pk}/recompute/",
        f"/credit/entities/{MISSING}/recompute/",
        section_chief,
        other_section_chief,
        regulator,
        method="post",
        data={},
        api=False,
        permitted_status=302,
    )
    assert TierAssessment.objects.filter(entity=alpha).count() == 2


def test_event_api(scoped, regulator, other_regulator, merchant):
    event = scoped["entities"]["gamma"].credit_events.filter(kind="penalty").get()
    response = matrix(
        f"/api/v1/credit/events/{event.pk}/",
        f"/api/v1/credit/events/{MISSING}/",
        regulator,
        other_regulator,
        merchant,
    )
    assert response.json()["publicity_until"] == "2028-06-01"


def test_list_entry_api(scoped, regulator, other_regulator, merchant):
    entry = scoped["entry"]
    response = matrix(
        f"/api/v1/credit/lists/{entry.pk}/",
        f"/api/v1/credit/lists/{MISSING}/",
        regulator,
        other_regulator,
        merchant,
    )
    assert response.json()["state"] == "listed"


def test_assessment_api_with_explanation(scoped, regulator, other_regulator, merchant, client):
    assessment = TierAssessment.objects.get(entity=scoped["entities"]["gamma"], is_current=True)
    response = matrix(
        f"/api/v1/credit/assessments/{assessment.pk}/",
        f"/api/v1/credit/assessments/{MISSING}/",
        regulator,
        other_regulator,
        merchant,
    )
    body = response.json()
    assert (body["score"], body["tier"]) == (40, "D")
    assert sorted(c["indicator"] for c in body["contributions"]) == [
        "abnormal_listed",
        "complaints",
        "penalty_ordinary",
    ]
    client.force_login(other_regulator)
    assert client.get("/api/v1/credit/assessments/").json()["count"] == 1  # the Pudong entity
    client.force_login(merchant)
    assert client.get("/api/v1/credit/assessments/").status_code == 403


def test_monthly_job_runs_the_register_of_the_starters_jurisdiction(
    scoped, section_chief, client, django_capture_on_commit_callbacks
):
    from wangjian.core.jobs import run_job
    from wangjian.core.models import Job

    client.force_login(section_chief)
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post("/credit/monthly/").status_code == 302
    job = Job.objects.get(kind="credit.monthly_tiers")
    assert run_job(job.pk) == "succeeded"
    job.refresh_from_db()
    assert job.result["entities"] == 5  # Yangpu only; the Pudong entity is not re-run
    assert AuditEvent.objects.filter(event_type="credit.tiers_recomputed").count() == 2


def test_repair_apply_post(scoped, regulator, other_regulator, merchant):
    delta = scoped["entities"]["delta"]
    entry = delta.credit_lists.get()
    data = {
        "repair-kind": "serious_early_removal",
        "repair-target": str(entry.pk),
        "repair-applied_on": "2026-11-02",
        "repair-statement": "罚款已缴清",
    }
    matrix(
        f"/credit/entities/{delta.pk}/repair/",
        f"/credit/entities/{MISSING}/repair/",
        regulator,
        other_regulator,
        merchant,
        method="post",
        data=data,
        api=False,
        permitted_status=302,
    )
    application = RepairApplication.objects.get(entity=delta)
    assert application.due_on == dt.date(2026, 11, 23)
    assert {c["condition"]: c["met"] for c in application.conditions}["one_year_listed"] is False


def test_credit_facts_on_the_profile_timeline(scoped, regulator, merchant):
    from wangjian.registry.timeline import timeline_for

    gamma = scoped["entities"]["gamma"]
    kinds = [fact.kind for fact in timeline_for(gamma, regulator)]
    assert kinds.count("credit_complaint") == 6
    assert "credit_penalty" in kinds
    assert [f for f in timeline_for(gamma, merchant) if f.kind.startswith("credit_")] == []
