"""One scoping matrix per 行政检查 page and endpoint (own district / other district / a role
without the capability / anonymous), the merchant and partner roles refused the same way, and
the draft endpoint's answers to the phone script (new version, or 409 for a stale draft)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wangjian.core.choices import Role
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_user
from wangjian.inspections.models import FieldInspection
from wangjian.inspections.tests.test_field import PNG, fill

MISSING = 999999


@pytest.fixture
def partner(yangpu_bureau):
    return make_user("partner_yp", Role.PARTNER_DEPARTMENT, yangpu_bureau)


def matrix(url, missing, permitted, other, denied, **extra):
    return assert_scoping_matrix(
        ScopingCase(url=url, missing_url=missing, api=False, **extra),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


def refused_for(users, url, method="get", data=None):
    for user in users:
        client = Client()
        client.force_login(user)
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 404, (user.role, url, response.status_code)


def test_field_detail_page(started, regulator, other_regulator, system_admin, merchant, partner):
    url = f"/inspections/field/{started.pk}/"
    response = matrix(
        url, f"/inspections/field/{MISSING}/", regulator, other_regulator, system_admin
    )
    text = response.content.decode()
    assert 'accept="image/*" capture="environment"' in text
    assert "3101100000" in text
    assert "3101100001" in text
    refused_for([merchant, partner], url)


def test_field_list_and_start_pages_are_for_officers(
    started,
    regulator,
    other_regulator,
    system_admin,
    merchant,
    partner,
):
    for url in ("/inspections/field/", "/inspections/field/start/"):
        assert Client().get(url).status_code == 302
        refused_for([system_admin, merchant, partner], url)
    client = Client()
    client.force_login(regulator)
    assert started.entity.name in client.get("/inspections/field/").content.decode()
    client.force_login(other_regulator)
    assert started.entity.name not in client.get("/inspections/field/").content.decode()


def test_field_start_post(
    regulator,
    other_regulator,
    entities,
    items,
    officers,
):
    client = Client()
    data = {
        "source_type": "profile",
        "source_id": str(entities["alpha"].pk),
        "entity_uscc": entities["alpha"].uscc,
        "items": ["WJ-01"],
        "inspectors": [str(officers[0].pk), str(officers[1].pk)],
    }
    client.force_login(other_regulator)
    response = client.post("/inspections/field/start/", data)
    assert response.status_code == 200
    assert FieldInspection.objects.count() == 0
    client.force_login(regulator)
    response = client.post("/inspections/field/start/", {**data, "inspectors": [officers[0].pk]})
    assert "须至少 2 名不同的执法人员" in response.content.decode()
    response = client.post("/inspections/field/start/", data)
    inspection = FieldInspection.objects.get()
    assert response["Location"] == f"/inspections/field/{inspection.pk}/"


@pytest.mark.parametrize("step", ["record", "photos", "signature", "conclude", "recheck"])
def test_field_posts(step, started, regulator, other_regulator, system_admin, merchant, partner):
    data = {
        "record": {"version": "1", "place": "国权路100号"},
        "photos": {"kind": "photo"},
        "signature": {"signed": "yes", "signer_name": "赵一"},
        "conclude": {"outcome": "no_problem"},
        "recheck": {"rechecked_on": "2026-12-02", "corrected": "yes", "notes": "已改正"},
    }[step]
    url = f"/inspections/field/{started.pk}/{step}/"
    refused_for([merchant, partner], url, "post", data)
    matrix(
        url,
        f"/inspections/field/{MISSING}/{step}/",
        regulator,
        other_regulator,
        system_admin,
        method="post",
        data=data,
        permitted_status=302,
    )
    if step == "record":
        started.refresh_from_db()
        assert (started.place, started.version) == ("国权路100号", 2)


def test_a_photo_posted_from_the_phone_is_kept(started, regulator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(regulator)
    response = client.post(
        f"/inspections/field/{started.pk}/photos/",
        {"kind": "photo", "file": SimpleUploadedFile("p.png", PNG)},
    )
    assert response.status_code == 302
    assert started.attachments.get().content_type == "image/png"


def test_the_draft_endpoint_answers_the_phone_script(started, regulator):
    client = Client()
    client.force_login(regulator)
    url = f"/inspections/field/{started.pk}/record/"
    ok = client.post(url, {"version": "1", "place": "甲地"}, HTTP_ACCEPT="application/json")
    assert (ok.status_code, ok.json()) == (200, {"version": 2})
    stale = client.post(url, {"version": "1", "place": "乙地"}, HTTP_ACCEPT="application/json")
    assert stale.status_code == 409
    assert "草稿基于第 1 版，而记录已被更新为第 2 版" in stale.json()["error"]


def test_the_record_page_audits_the_names_it_shows(started, regulator):
    from wangjian.core.models import AuditEvent

    fill(started, regulator)
    client = Client()
    client.force_login(regulator)
    assert client.get(f"/inspections/field/{started.pk}/").status_code == 200
    event = AuditEvent.objects.filter(event_type="core.personal_data_viewed").get()
    assert event.after == {"fields": ["present_persons", "signer_name"]}
