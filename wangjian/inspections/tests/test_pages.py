"""One scoping matrix per inspections endpoint, the public pages (no sign-in, no tiers) and
the overdue-publication card."""

import datetime as dt
import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wangjian.core.home import cards_for
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.inspections import actions
from wangjian.inspections.models import InspectionResult, InspectionTask

MISSING = 999999


def matrix(url, missing, permitted, other, denied, **extra):
    return assert_scoping_matrix(
        ScopingCase(url=url, missing_url=missing, **extra),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


@pytest.fixture
def task(drawn_plan):
    return InspectionTask.objects.filter(plan=drawn_plan).order_by("id").first()


@pytest.fixture
def result(task, regulator):
    return actions.record_result(
        actor=regulator, task=task, outcome="problem_corrected", result_on=dt.date(2026, 11, 20)
    )


def test_plan_page(drawn_plan, regulator, other_regulator, merchant):
    response = matrix(
        f"/inspections/plans/{drawn_plan.pk}/",
        f"/inspections/plans/{MISSING}/",
        regulator,
        other_regulator,
        merchant,
        api=False,
    )
    assert drawn_plan.object_record["pool_sha256"] in response.content.decode()


def test_plan_record_download_verifies(drawn_plan, regulator, other_regulator, merchant, tmp_path):
    from wangjian.cli import main

    response = matrix(
        f"/inspections/plans/{drawn_plan.pk}/draw.json",
        f"/inspections/plans/{MISSING}/draw.json",
        regulator,
        other_regulator,
        merchant,
        api=False,
    )
    path = tmp_path / "draw.json"
    path.write_bytes(response.content)
    assert main(["draw", "verify", str(path)]) == 0


def test_plan_commit_post(plan, section_chief, other_section_chief, regulator):
    data = {"commit-sources": "双色球第2026135期|2026-11-19\n上证综指收盘|2026-11-20"}
    matrix(
        f"/inspections/plans/{plan.pk}/commit/",
        f"/inspections/plans/{MISSING}/commit/",
        section_chief,
        other_section_chief,
        regulator,
        method="post",
        data=data,
        api=False,
        permitted_status=302,
    )
    plan.refresh_from_db()
    assert [s["name"] for s in plan.sources] == ["双色球第2026135期", "上证综指收盘"]


def test_plan_draw_post(plan, section_chief, other_section_chief, regulator):
    actions.commit_plan(actor=section_chief, plan=plan, sources=[{"name": "双色球第2026135期"}])
    matrix(
        f"/inspections/plans/{plan.pk}/draw/",
        f"/inspections/plans/{MISSING}/draw/",
        section_chief,
        other_section_chief,
        regulator,
        method="post",
        data={"draw-values": "3 9 14 21 27 30 11"},
        api=False,
        permitted_status=302,
    )
    plan.refresh_from_db()
    assert plan.state == "drawn"
    assert plan.object_record["key"] == "3.9.11.14.21.27.30./"


def test_task_page(task, regulator, other_regulator, merchant):
    response = matrix(
        f"/inspections/tasks/{task.pk}/",
        f"/inspections/tasks/{MISSING}/",
        regulator,
        other_regulator,
        merchant,
        api=False,
    )
    assert task.entity.name in response.content.decode()


def test_task_result_post(task, regulator, other_regulator, merchant):
    data = {
        "result-outcome": "no_problem",
        "result-result_on": "2026-11-20",
        "result-notes": "现场检查未发现问题",
    }
    matrix(
        f"/inspections/tasks/{task.pk}/result/",
        f"/inspections/tasks/{MISSING}/result/",
        regulator,
        other_regulator,
        merchant,
        method="post",
        data=data,
        api=False,
        permitted_status=302,
    )
    assert InspectionResult.objects.get(task=task).outcome_label == "未发现问题"


def test_a_result_carries_its_attachment(drawn_plan, regulator, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = InspectionTask.objects.filter(plan=drawn_plan).order_by("id").last()
    client.force_login(regulator)
    response = client.post(
        f"/inspections/tasks/{task.pk}/result/",
        {
            "result-outcome": "not_published",
            "result-result_on": "2026-11-20",
            "result-attachment": SimpleUploadedFile("检查记录.txt", "检查记录".encode()),
        },
    )
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == ["已录入检查结果"]
    attachment = InspectionResult.objects.get(task=task).attachments.get()
    assert attachment.name == "检查记录.txt"
    assert attachment.sha256 == hashlib.sha256("检查记录".encode()).hexdigest()


def test_result_publish_post(result, regulator, other_regulator, merchant):
    matrix(
        f"/inspections/results/{result.pk}/publish/",
        f"/inspections/results/{MISSING}/publish/",
        regulator,
        other_regulator,
        merchant,
        method="post",
        data={},
        api=False,
        permitted_status=302,
    )
    result.refresh_from_db()
    assert result.published_on is not None


def test_plan_api(drawn_plan, regulator, other_regulator, merchant):
    body = matrix(
        f"/api/v1/inspections/plans/{drawn_plan.pk}/",
        f"/api/v1/inspections/plans/{MISSING}/",
        regulator,
        other_regulator,
        merchant,
    ).json()
    assert (body["state"], body["items"]) == ("drawn", ["WJ-01", "WJ-02"])


def test_task_api(result, regulator, other_regulator, merchant):
    body = matrix(
        f"/api/v1/inspections/tasks/{result.task_id}/",
        f"/api/v1/inspections/tasks/{MISSING}/",
        regulator,
        other_regulator,
        merchant,
    ).json()
    assert body["result"]["publish_due_on"] == "2026-12-18"
    assert len(body["inspectors"]) == 2


def test_staff_list_pages_are_for_staff(drawn_plan, regulator, merchant):
    for url in ("/inspections/", "/inspections/items/", "/inspections/inspectors/"):
        client = Client()
        assert client.get(url).status_code == 302
        client.force_login(merchant)
        assert client.get(url).status_code == 404
        client.force_login(regulator)
        assert client.get(url).status_code == 200


def test_public_pages_show_published_results_and_records_but_no_tiers(result, regulator):
    anonymous = Client()
    listing = anonymous.get("/inspections/public/").content.decode()
    assert result.task.entity.name not in listing  # not yet published
    actions.publish_result(actor=regulator, result=result, on=dt.date(2026, 11, 24))
    listing = anonymous.get("/inspections/public/").content.decode()
    assert result.task.entity.name in listing
    assert "发现问题已责令改正" in listing
    plan = result.task.plan
    page = anonymous.get(f"/inspections/public/plans/{plan.public_id}/").content.decode()
    record = json.loads(
        anonymous.get(f"/inspections/public/plans/{plan.public_id}/draw.json").content
    )
    assert record["pool_sha256"] in page
    csv_text = anonymous.get("/inspections/public/results.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith(result.task.entity.uscc)
    for text in (listing, page, json.dumps(record, ensure_ascii=False), csv_text):
        assert "信用风险" not in text
        assert "A类" not in text
        assert "D类" not in text
        assert "stratum_tiers" not in text
    team = json.loads(
        anonymous.get(f"/inspections/public/tasks/{result.task.public_id}/inspectors.json").content
    )
    assert team["kind"] == "inspectors"


def test_overdue_publication_card_and_dashboard(result, regulator, other_regulator, client):
    InspectionResult.objects.filter(pk=result.pk).update(publish_due_on=dt.date(2026, 1, 5))
    card = next(c for c in cards_for(regulator) if c.label == "逾期未公示的抽查结果")
    assert card.value == 1
    other = next(c for c in cards_for(other_regulator) if c.label == "逾期未公示的抽查结果")
    assert other.value == 0
    client.force_login(regulator)
    assert "已逾期" in client.get("/inspections/").content.decode()
