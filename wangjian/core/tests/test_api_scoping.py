import pytest
from django.db import transaction
from django.test import Client

from wangjian.core.actions.jobs import start_job
from wangjian.core.audit import record_event
from wangjian.core.testing import ScopingCase, assert_scoping_matrix


@pytest.fixture
def yangpu_job(section_chief, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return start_job(actor=section_chief, kind="core.verify_audit_chain", title="校验")


@pytest.mark.django_db
def test_org_unit_detail_scoping(wujiaochang_station, regulator, other_regulator, consumer):
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/api/v1/core/org-units/{wujiaochang_station.pk}/",
            missing_url="/api/v1/core/org-units/999999/",
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert response.json()["name"] == "五角场市场监督管理所"
    assert response.json()["division_code"] == wujiaochang_station.division.code


@pytest.mark.django_db
def test_org_unit_list_shows_only_the_jurisdiction(
    yangpu_bureau, wujiaochang_station, pudong_bureau, regulator, consumer
):
    client = Client()
    client.force_login(regulator)
    names = [unit["name"] for unit in client.get("/api/v1/core/org-units/").json()["results"]]
    assert names == ["上海市杨浦区市场监督管理局", "五角场市场监督管理所"]
    client.force_login(consumer)
    assert client.get("/api/v1/core/org-units/").status_code == 403
    assert Client().get("/api/v1/core/org-units/").status_code == 401


@pytest.mark.django_db
def test_station_staff_see_only_their_street(wujiaochang_station, yangpu_bureau):
    from wangjian.core.choices import Role
    from wangjian.core.tests.factories import make_user

    station_user = make_user("station", Role.REGULATOR, wujiaochang_station)
    client = Client()
    client.force_login(station_user)
    names = [unit["name"] for unit in client.get("/api/v1/core/org-units/").json()["results"]]
    assert names == ["五角场市场监督管理所"]
    assert client.get(f"/api/v1/core/org-units/{yangpu_bureau.pk}/").status_code == 404


@pytest.mark.django_db
def test_job_detail_scoping(yangpu_job, section_chief, other_section_chief, merchant):
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/api/v1/core/jobs/{yangpu_job.pk}/", missing_url="/api/v1/core/jobs/999999/"
        ),
        permitted=section_chief,
        other_jurisdiction=other_section_chief,
        no_permission=merchant,
    )
    assert response.json()["state"] == "queued"
    assert response.json()["created_by"] == "yp_chief"


@pytest.mark.django_db
def test_audit_event_detail_scoping(section_chief, other_section_chief, regulator, divisions):
    with transaction.atomic():
        event = record_event(
            actor=section_chief, event_type="test.seen", division=divisions["yangpu"]
        )
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/api/v1/core/audit-events/{event.pk}/",
            missing_url="/api/v1/core/audit-events/999999/",
        ),
        permitted=section_chief,
        other_jurisdiction=other_section_chief,
        # A regulator of the same bureau has no audit-log capability.
        no_permission=regulator,
    )
    assert response.json()["hash"] == event.hash


@pytest.mark.django_db
def test_divisions_are_reference_data_for_every_signed_in_user(divisions, consumer):
    client = Client()
    assert client.get("/api/v1/core/divisions/310110000000/").status_code == 401
    client.force_login(consumer)
    body = client.get("/api/v1/core/divisions/310110000000/").json()
    assert body == {
        "code": "310110000000",
        "short_code": "310110",
        "name": "杨浦区",
        "level": 3,
        "level_label": "县级",
        "parent_code": "310100000000",
    }
    children = client.get("/api/v1/core/divisions/?parent=310110000000").json()["results"]
    assert [child["name"] for child in children] == [
        divisions["dinghai"].name,
        divisions["wujiaochang"].name,
    ]


@pytest.mark.django_db
def test_me_reports_role_and_jurisdiction(regulator):
    client = Client()
    client.force_login(regulator)
    body = client.get("/api/v1/core/me/").json()
    assert (body["username"], body["role"], body["jurisdiction"]["code"]) == (
        "yp_regulator",
        "regulator",
        "310110000000",
    )


@pytest.mark.django_db
def test_token_authentication_for_platform_clients(regulator):
    from wangjian.core.tests.factories import make_api_token

    token = make_api_token(regulator)
    response = Client().get("/api/v1/core/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.json()["username"] == "yp_regulator"


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_served(regulator):
    client = Client()
    client.force_login(regulator)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/core/org-units/{id}/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    # Offline intranets: the docs page must load its scripts from this server, not a CDN.
    assert b"cdn.jsdelivr" not in docs.content
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in docs.content


@pytest.mark.django_db
def test_identifier_check_endpoint_reports_each_code_and_masks_id_numbers(merchant):
    client = Client()
    url = "/api/v1/core/identifiers/check/"
    body = {"codes": ["91350100M000100Y43", "91350100M0001TGQXM", "11010519491231002X"]}
    assert client.post(url, body, content_type="application/json").status_code == 401
    client.force_login(merchant)
    results = client.post(url, {**body, "policy": "warn"}, content_type="application/json").json()
    assert [(r["value"], r["valid"], r["accepted"]) for r in results] == [
        ("91350100M000100Y43", True, True),
        ("91350100M0001TGQXM", False, True),
        ("110105********002X", True, True),
    ]
    assert results[1]["failed_check"] == "uscc_check_character"
    assert results[1]["warning"] is not None
    rejected = client.post(url, body, content_type="application/json").json()
    assert [r["accepted"] for r in rejected] == [True, False, True]


@pytest.mark.django_db
def test_identifier_check_endpoint_rejects_a_malformed_request(merchant):
    client = Client()
    client.force_login(merchant)
    response = client.post(
        "/api/v1/core/identifiers/check/", {"codes": []}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "codes" in response.json()


@pytest.mark.django_db
def test_issued_token_authenticates_and_reissue_revokes_the_old_one(capsys, merchant):
    from wangjian.cli import main
    from wangjian.core.models import AuditEvent

    assert main(["users", "token", "merchant1"]) == 0
    first = capsys.readouterr().out.strip()
    assert main(["users", "token", "merchant1"]) == 0
    second = capsys.readouterr().out.strip()
    assert first != second
    assert Client().get("/api/v1/core/me/", HTTP_AUTHORIZATION=f"Token {first}").status_code == 401
    me = Client().get("/api/v1/core/me/", HTTP_AUTHORIZATION=f"Token {second}")
    assert me.json()["username"] == "merchant1"
    events = AuditEvent.objects.filter(event_type="core.api_token_issued").order_by("sequence")
    assert [event.after["revoked_previous"] for event in events] == [False, True]
    assert all(second not in str(event.after) for event in events)
    assert main(["users", "token", "nobody"]) == 1
