"""One scoping matrix per application page that names an object: the steps, tasks, objections,
report and indicator board answer another bureau and a role without zones the same 404 as a
missing application."""

import datetime as dt

import pytest
from django.utils import timezone

from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.zones import actions
from wangjian.zones.models import CreationTask, Objection
from wangjian.zones.tests.helpers import to_creating
from wangjian.zones.tests.test_pages import _in_notice

MISSING = 999999


@pytest.fixture
def creating(programme, applicant, city_bureau, province_admin):
    return to_creating(
        programme=programme,
        applicant=applicant,
        city_bureau=city_bureau,
        province_admin=province_admin,
    )


@pytest.fixture
def in_notice(creating, applicant, province_admin, evaluator_unit, evaluator):
    application = _in_notice(creating, applicant, province_admin, evaluator_unit, evaluator)
    application.refresh_from_db()
    return application


def post_matrix(url, missing, data, permitted, other, denied):
    return assert_scoping_matrix(
        ScopingCase(
            url=url, missing_url=missing, method="post", data=data, api=False, permitted_status=302
        ),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


def get_matrix(url, missing, permitted, other, denied):
    return assert_scoping_matrix(
        ScopingCase(url=url, missing_url=missing, api=False),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


def test_a_step_is_taken_only_on_a_reachable_application(
    creating, city_bureau, other_city_bureau, consumer
):
    text = "请对照创建办法细化任务分工"
    post_matrix(
        f"/zones/{creating.pk}/step/give_guidance/",
        f"/zones/{MISSING}/step/give_guidance/",
        {"give_guidance-on": timezone.localdate().isoformat(), "give_guidance-text": text},
        city_bureau,
        other_city_bureau,
        consumer,
    )
    assert list(creating.guidance.values_list("text", flat=True)) == [text]


def test_tasks_are_added_only_to_a_reachable_application(
    creating, applicant, other_applicant, consumer
):
    post_matrix(
        f"/zones/{creating.pk}/tasks/",
        f"/zones/{MISSING}/tasks/",
        {
            "task-group": "监管创新",
            "task-number": "1",
            "task-title": "建设网络交易监测平台",
            "task-owner_department": "网监科",
            "task-due_on": "2026-09-01",
        },
        applicant,
        other_applicant,
        consumer,
    )
    assert list(CreationTask.objects.values_list("title", flat=True)) == ["建设网络交易监测平台"]


def test_task_progress_is_reported_only_on_a_reachable_application(
    creating, applicant, other_applicant, consumer
):
    task = actions.add_creation_task(
        actor=applicant,
        application=creating,
        group="监管创新",
        number=1,
        title="建设网络交易监测平台",
        owner_department="网监科",
        due_on=dt.date(2026, 9, 1),
    )
    post_matrix(
        f"/zones/{creating.pk}/tasks/{task.pk}/progress/",
        f"/zones/{MISSING}/tasks/{task.pk}/progress/",
        {
            "progress-on": timezone.localdate().isoformat(),
            "progress-progress_percent": "40",
            "progress-text": "平台已上线试运行",
        },
        applicant,
        other_applicant,
        consumer,
    )
    assert list(task.reports.values_list("progress_percent", flat=True)) == [40]


def test_an_objection_is_answered_only_by_the_authority_over_it(
    in_notice, province_admin, shanghai_admin, consumer
):
    objection = actions.submit_objection(
        application=in_notice,
        on=timezone.localdate(),
        name="李四",
        contact="13900000000",
        text="某直播基地存在虚假宣传",
    )
    post_matrix(
        f"/zones/{in_notice.pk}/objections/{objection.pk}/answer/",
        f"/zones/{MISSING}/objections/{objection.pk}/answer/",
        {"answer": "经核查，该基地已整改"},
        province_admin,
        shanghai_admin,
        consumer,
    )
    assert Objection.objects.get(pk=objection.pk).answer == "经核查，该基地已整改"


def test_the_evaluation_report_pdf(in_notice, province_admin, shanghai_admin, consumer):
    response = get_matrix(
        f"/zones/{in_notice.pk}/report.pdf",
        f"/zones/{MISSING}/report.pdf",
        province_admin,
        shanghai_admin,
        consumer,
    )
    assert response.content.startswith(b"%PDF-")


def test_the_indicator_board_and_its_export(creating, applicant, other_applicant, consumer):
    get_matrix(
        f"/zones/{creating.pk}/indicators/",
        f"/zones/{MISSING}/indicators/",
        applicant,
        other_applicant,
        consumer,
    )
    post_matrix(
        f"/zones/{creating.pk}/indicators/enter/",
        f"/zones/{MISSING}/indicators/enter/",
        {
            "indicator-indicator_key": "online_economy_gdp_share",
            "indicator-period": "2026",
            "indicator-value": "12.5",
            "indicator-source": "区统计局",
        },
        applicant,
        other_applicant,
        consumer,
    )
    response = get_matrix(
        f"/zones/{creating.pk}/indicators.csv",
        f"/zones/{MISSING}/indicators.csv",
        applicant,
        other_applicant,
        consumer,
    )
    assert "12.5" in response.content.decode("utf-8-sig")
