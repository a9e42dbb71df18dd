"""Scoping matrix for every 协查 page and API endpoint: anonymous, another jurisdiction, a role
without the capability, and a permitted user."""

import datetime as dt

import pytest

from wangjian.collaboration import actions
from wangjian.core.testing import ScopingCase, assert_scoping_matrix

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def request_row(regulator, pudong_bureau, world):
    return actions.send_request(
        actor=regulator,
        receiving_unit=pudong_bureau,
        subject_text="张江美妆专营店",
        questions="请核实。",
        requested_by=dt.date(2026, 12, 31),
        attachments=[actions.Upload("协查函.pdf", PDF)],
    )


def matrix(case, permitted, hongkou_regulator, partner_user):
    return assert_scoping_matrix(
        case,
        permitted=permitted,
        other_jurisdiction=hongkou_regulator,
        no_permission=partner_user,
    )


@pytest.mark.django_db
def test_detail_page(request_row, other_regulator, hongkou_regulator, partner_user):
    case = ScopingCase(
        f"/collaboration/requests/{request_row.pk}/", "/collaboration/requests/999999/", api=False
    )
    matrix(case, other_regulator, hongkou_regulator, partner_user)


def test_attachment_download(request_row, regulator, hongkou_regulator, partner_user):
    attachment = request_row.attachments.get()
    case = ScopingCase(
        f"/collaboration/attachments/{attachment.pk}/",
        "/collaboration/attachments/999999/",
        api=False,
    )
    response = matrix(case, regulator, hongkou_regulator, partner_user)
    assert response.content == PDF


def test_step_post(request_row, other_regulator, hongkou_regulator, partner_user):
    case = ScopingCase(
        f"/collaboration/requests/{request_row.pk}/accept/",
        "/collaboration/requests/999999/accept/",
        method="post",
        data={"note": ""},
        api=False,
        permitted_status=302,
    )
    matrix(case, other_regulator, hongkou_regulator, partner_user)
    request_row.refresh_from_db()
    assert request_row.state == "accepted"


def test_list_and_new_pages(regulator, hongkou_regulator, partner_user, request_row):
    for url in ("/collaboration/", "/collaboration/new/"):
        case = ScopingCase(url, "/collaboration/requests/999999/", api=False)
        # Lists have no "other jurisdiction" object; the role without the capability gets 404.
        matrix(case, regulator, partner_user, partner_user)
    page = ScopingCase("/collaboration/", "/collaboration/requests/999999/", api=False)
    other = assert_scoping_matrix(
        page,
        permitted=hongkou_regulator,
        other_jurisdiction=partner_user,
        no_permission=partner_user,
    )
    assert request_row.number not in other.content.decode()


def test_referral_convert(referral, regulator, other_regulator, partner_user):
    case = ScopingCase(
        f"/collaboration/referrals/{referral.pk}/convert/",
        "/collaboration/referrals/999999/convert/",
        method="post",
        api=False,
        permitted_status=302,
    )
    # The receiving bureau may not convert the sender's referral.
    matrix(case, regulator, other_regulator, partner_user)


def test_api_detail(request_row, other_regulator, hongkou_regulator, partner_user, province_admin):
    case = ScopingCase(
        f"/api/v1/collaboration/requests/{request_row.pk}/",
        "/api/v1/collaboration/requests/999999/",
    )
    response = matrix(case, other_regulator, hongkou_regulator, partner_user)
    assert response.json()["number"] == request_row.number
    assert [m["kind"] for m in response.json()["thread"]] == ["sent"]
    province = matrix(case, province_admin, hongkou_regulator, partner_user)
    assert province.json()["id"] == request_row.pk


def test_api_step(request_row, other_regulator, hongkou_regulator, partner_user):
    case = ScopingCase(
        f"/api/v1/collaboration/requests/{request_row.pk}/steps/",
        "/api/v1/collaboration/requests/999999/steps/",
        method="post",
        data={"step": "accept", "body": ""},
    )
    response = matrix(case, other_regulator, hongkou_regulator, partner_user)
    assert response.json()["state"] == "accepted"


def test_api_list_and_create(
    regulator, hongkou_regulator, partner_user, pudong_bureau, request_row
):
    from django.test import Client

    client = Client()
    client.force_login(hongkou_regulator)
    assert client.get("/api/v1/collaboration/requests/").json()["results"] == []
    client.force_login(partner_user)
    assert client.get("/api/v1/collaboration/requests/").status_code == 403
    assert Client().get("/api/v1/collaboration/requests/").status_code == 401
    client.force_login(regulator)
    listed = client.get("/api/v1/collaboration/requests/").json()["results"]
    assert [row["number"] for row in listed] == [request_row.number]
    created = client.post(
        "/api/v1/collaboration/requests/",
        {
            "receiving_unit": pudong_bureau.pk,
            "subject_text": "某店",
            "questions": "请核实。",
            "requested_by": "2026-12-30",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["receiving_unit"] == "上海市浦东新区市场监督管理局"
    client.force_login(partner_user)
    refused = client.post(
        "/api/v1/collaboration/requests/",
        {
            "receiving_unit": pudong_bureau.pk,
            "subject_text": "x",
            "questions": "y",
            "requested_by": "2026-12-30",
        },
        content_type="application/json",
    )
    assert refused.status_code == 403
