"""Who sees a job (issue #19): the person who started it, and staff of the jurisdiction whose
role may start that kind of job. Every other role gets the list without it and the same 404 as a
missing job, on the pages and in the API."""

import pytest
from django.test import Client

from wangjian.core.actions.jobs import start_job
from wangjian.core.choices import OrgUnitKind, Role
from wangjian.core.models import Job
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_org_unit, make_user

pytestmark = pytest.mark.django_db

PROGRESS = "3/10 甲乙食品旗舰店"


@pytest.fixture
def job(section_chief, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = start_job(actor=section_chief, kind="core.verify_audit_chain", title="审计链校验")
    Job.objects.filter(pk=job.pk).update(message=PROGRESS)
    return job


@pytest.fixture
def people(divisions, section_chief, regulator, system_admin, other_section_chief, consumer):
    city = make_org_unit("上海市市场监督管理局", divisions["shanghai"])
    evaluator_unit = make_org_unit("某评估机构", divisions["shanghai"], kind=OrgUnitKind.EVALUATOR)
    partner_unit = make_org_unit("杨浦区商务委员会", divisions["yangpu"], kind=OrgUnitKind.PARTNER)
    return {
        "starter": section_chief,
        "city chief": make_user("sh_chief", Role.SECTION_CHIEF, city),
        "yangpu admin": system_admin,
        "yangpu regulator": regulator,
        "evaluator": make_user("evaluator", Role.EVALUATOR, evaluator_unit),
        "partner": make_user("partner", Role.PARTNER_DEPARTMENT, partner_unit),
        "pudong chief": other_section_chief,
        "consumer": consumer,
    }


SEES = {"starter", "city chief", "yangpu admin"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "who",
    [
        "starter",
        "city chief",
        "yangpu admin",
        "yangpu regulator",
        "evaluator",
        "partner",
        "pudong chief",
        "consumer",
    ],
)
def test_each_role_sees_the_job_only_with_the_capability_over_its_subject(job, people, who):
    client = _client(people[who])
    seen = who in SEES
    page = client.get("/jobs/")
    assert page.status_code == 200
    assert (PROGRESS in page.content.decode() or "审计链校验" in page.content.decode()) == seen
    listed = client.get("/api/v1/core/jobs/").json()["results"]
    assert [row["id"] for row in listed] == ([job.pk] if seen else [])
    assert client.get(f"/api/v1/core/jobs/{job.pk}/").status_code == (200 if seen else 404)
    assert client.get(f"/jobs/{job.pk}/").status_code == (200 if seen else 404)


def test_job_detail_matrix_with_an_evaluator_of_the_whole_city(job, people):
    response = assert_scoping_matrix(
        ScopingCase(url=f"/api/v1/core/jobs/{job.pk}/", missing_url="/api/v1/core/jobs/999999/"),
        permitted=people["city chief"],
        other_jurisdiction=people["pudong chief"],
        no_permission=people["evaluator"],
    )
    assert response.json()["message"] == PROGRESS
    assert_scoping_matrix(
        ScopingCase(url=f"/jobs/{job.pk}/", missing_url="/jobs/999999/", api=False),
        permitted=people["yangpu admin"],
        other_jurisdiction=people["pudong chief"],
        no_permission=people["partner"],
    )
