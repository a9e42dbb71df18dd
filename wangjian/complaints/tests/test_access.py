"""Scoping and personal data: another district gets 404, the respondent never sees a reporter,
contact details are masked for roles that do not need them, and full views are audited."""

import datetime as dt

import pytest
from django.test import Client

from wangjian.complaints import actions
from wangjian.complaints.choices import RecordKind
from wangjian.complaints.models import OdrParticipant
from wangjian.complaints.personal import contact_for
from wangjian.complaints.tests.factories import file
from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix

pytestmark = pytest.mark.django_db

REPORTER = "赵举报"
PHONE = "13566667777"


@pytest.fixture
def mixed(world, divisions, regulator):
    OdrParticipant.objects.create(platform=world["platform"], joined_on=dt.date(2024, 1, 1))
    complaint, report = file(
        divisions["yangpu"],
        kinds=(RecordKind.COMPLAINT, RecordKind.REPORT),
        complainant_name=REPORTER,
        complainant_phone=PHONE,
        on=dt.date(2026, 5, 6),
    ).records
    return complaint, report


def test_detail_page_scoping_matrix(mixed, regulator, other_regulator, consumer):
    complaint, _report = mixed
    response = assert_scoping_matrix(
        ScopingCase(f"/complaints/{complaint.pk}/", "/complaints/999999/", api=False),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert REPORTER in response.content.decode()


def test_api_detail_scoping_matrix(mixed, regulator, other_regulator, consumer):
    complaint, _report = mixed
    response = assert_scoping_matrix(
        ScopingCase(
            f"/api/v1/complaints/complaints/{complaint.pk}/",
            "/api/v1/complaints/complaints/999999/",
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert response.json()["contact"]["complainant_phone"] == PHONE


def test_step_scoping_matrix(mixed, regulator, other_regulator, consumer):
    _complaint, report = mixed
    assert_scoping_matrix(
        ScopingCase(
            f"/complaints/{report.pk}/step/case_filing/",
            "/complaints/999999/step/case_filing/",
            method="post",
            data={"file_case": "no", "reason": "证据不足", "confirmed": "yes"},
            permitted_status=302,
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    report.refresh_from_db()
    assert report.state == "not_filed"


def test_respondent_never_sees_the_reporter(mixed, platform_user, shop_merchant):
    complaint, report = mixed
    for user in (platform_user, shop_merchant):
        client = Client()
        client.force_login(user)
        page = client.get(f"/complaints/{complaint.pk}/")
        assert page.status_code == 200
        text = page.content.decode()
        assert REPORTER not in text
        assert PHONE not in text
        assert "赵*" in text
        assert report.receipt_number not in text
        # The report itself does not exist for the respondent.
        assert client.get(f"/complaints/{report.pk}/").status_code == 404
        api = client.get(f"/api/v1/complaints/complaints/{complaint.pk}/").json()
        assert REPORTER not in str(api)
        assert PHONE not in str(api)
        listing = client.get("/api/v1/complaints/complaints/").json()
        assert [row["receipt_number"] for row in listing["results"]] == [complaint.receipt_number]


def test_contact_is_masked_for_roles_that_do_not_need_it_and_full_views_are_audited(
    mixed, regulator, system_admin
):
    complaint, _report = mixed
    before = AuditEvent.objects.filter(event_type="core.personal_data_viewed").count()
    assert contact_for(system_admin, complaint) == {
        "complainant_name": "赵**",
        "complainant_phone": "135****7777",
        "complainant_address": "上海市杨浦区****",
    }
    assert AuditEvent.objects.filter(event_type="core.personal_data_viewed").count() == before
    shown = contact_for(regulator, complaint)
    assert shown["complainant_phone"] == PHONE
    event = AuditEvent.objects.filter(event_type="core.personal_data_viewed").latest("sequence")
    assert event.actor == regulator
    assert event.after == {
        "fields": ["complainant_address", "complainant_name", "complainant_phone"]
    }
    assert event.target_id == str(complaint.pk)


def test_respondent_answers_odr_through_the_page(mixed, platform_user):
    complaint, _report = mixed
    client = Client()
    client.force_login(platform_user)
    client.post(f"/complaints/{complaint.pk}/step/odr_answer/", {"answer": "同意全额退款"})
    complaint.refresh_from_db()
    assert complaint.odr_answer == "同意全额退款"
    assert complaint.clocks.get(step="odr_negotiation").completed_on is not None
    # The respondent cannot take the bureau's steps.
    response = client.post(f"/complaints/{complaint.pk}/step/accept/")
    assert response.status_code == 404
    with pytest.raises(actions.ComplaintError):
        actions.decide_acceptance(actor=platform_user, complaint=complaint, accept=True)


def test_document_scoping_matrix(world, divisions, regulator, other_regulator, consumer):
    complaint = file(divisions["yangpu"], on=dt.date(2026, 3, 2)).records[0]
    actions.decide_acceptance(
        actor=regulator, complaint=complaint, accept=True, on=dt.date(2026, 3, 3)
    )
    response = assert_scoping_matrix(
        ScopingCase(
            f"/complaints/{complaint.pk}/documents/acceptance.pdf",
            "/complaints/999999/documents/acceptance.pdf",
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert response.content.startswith(b"%PDF")


def test_duplicate_and_flag_decision_scoping_matrices(
    world, divisions, regulator, other_regulator, consumer
):
    from wangjian.complaints.models import DuplicateLink, SerialFlag
    from wangjian.complaints.tests.test_duplicates import TEMPLATE

    first = file(divisions["yangpu"], on=dt.date(2026, 3, 2)).records[0]
    file(divisions["yangpu"], on=dt.date(2026, 3, 3), facts=first.facts + "至今未处理。")
    link = DuplicateLink.objects.get()
    assert_scoping_matrix(
        ScopingCase(
            f"/complaints/duplicates/{link.pk}/",
            "/complaints/duplicates/999999/",
            method="post",
            data={"decision": "linked"},
            permitted_status=302,
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    link.refresh_from_db()
    assert (link.state, link.decided_by) == ("linked", regulator)
    for index, name in enumerate(["店A", "店B", "店C"]):
        file(
            divisions["yangpu"],
            respondent_name=name,
            shop_url="",
            facts=TEMPLATE,
            on=dt.date(2026, 3, 4 + index),
        )
    flag = SerialFlag.objects.get()
    assert_scoping_matrix(
        ScopingCase(
            f"/complaints/flags/{flag.pk}/review/",
            "/complaints/flags/999999/review/",
            method="post",
            data={"uphold": "no", "note": "核实为自用"},
            permitted_status=302,
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    flag.refresh_from_db()
    assert flag.state == "withdrawn"


def test_warning_approval_scoping_matrix(
    world, divisions, regulator, section_chief, other_section_chief, consumer
):
    warning = actions.draft_warning(
        actor=regulator,
        division=divisions["yangpu"],
        title="关于预付卡消费的警示",
        body="近期多家健身房关店跑路，提醒消费者谨慎办理大额预付卡，保留合同与付款凭证。",
    )
    assert_scoping_matrix(
        ScopingCase(
            f"/complaints/warnings/{warning.pk}/approve/",
            "/complaints/warnings/999999/approve/",
            method="post",
            data={"approve": "yes"},
            permitted_status=302,
            api=False,
        ),
        permitted=section_chief,
        other_jurisdiction=other_section_chief,
        no_permission=consumer,
    )
    warning.refresh_from_db()
    assert (warning.state, warning.approved_by) == ("published", section_chief)


def test_the_list_links_the_handlers_pages_only_for_those_who_may_open_them(
    platform_user, regulator
):
    platform = Client()
    platform.force_login(platform_user)
    page = platform.get("/complaints/").content.decode()
    assert "/complaints/due/" not in page
    assert "/complaints/hotspots/" not in page
    assert platform.get("/complaints/due/").status_code == 403
    staff = Client()
    staff.force_login(regulator)
    page = staff.get("/complaints/").content.decode()
    assert "/complaints/due/" in page
    assert "/complaints/hotspots/" in page
