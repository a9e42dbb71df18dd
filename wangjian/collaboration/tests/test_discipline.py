"""联合惩戒 by role: a serious-list entry reaches the partner department with the measures that
apply; the partner records a measure; the removal reaches it and it confirms the lifting; the
entity profile shows the measures; partner records arrive as credit events."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from wangjian.collaboration import actions
from wangjian.collaboration.error_codes import CollaborationNotPermitted
from wangjian.collaboration.models import AppliedMeasure, DisciplineNotice
from wangjian.core.home import cards_for
from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_serious_entry_reaches_the_tax_department_with_its_measures(
    serious_entry, tax_partner, pudong_tax_partner, regulator
):
    assert actions.dispatch_list_entries(actor=regulator) == (1, 0)
    notice = DisciplineNotice.objects.get()
    assert notice.partner.org_unit == tax_partner.org_unit
    assert [m["key"] for m in notice.measures] == ["key_supervision", "restrict_honours"]
    assert {m["verification"] for m in notice.measures} == {"unconfirmed"}
    assert notice.measures[0]["catalogue"] == "national-discipline-measures-2024"
    # Running again sends nothing twice; the Pudong tax bureau gets nothing about Yangpu.
    assert actions.dispatch_list_entries(actor=regulator) == (0, 0)
    assert DisciplineNotice.objects.visible_to(pudong_tax_partner).count() == 0
    assert list(DisciplineNotice.objects.visible_to(tax_partner)) == [notice]

    page = client_for(tax_partner).get(f"/collaboration/discipline/{notice.pk}/")
    text = page.content.decode()
    assert "上海杨浦甲乙食品有限公司" in text
    assert "列为重点监管对象，依法提高检查频次" in text
    assert "全国失信惩戒措施基础清单（2024年版）" in text
    assert "未核实" in text


def test_partner_records_a_measure_then_lifts_it_after_removal(
    serious_entry, tax_partner, regulator, section_chief, world
):
    from wangjian.credit import actions as credit

    actions.dispatch_list_entries(actor=regulator)
    notice = DisciplineNotice.objects.get()
    actions.record_measure(
        actor=tax_partner,
        notice=notice,
        measure_key="key_supervision",
        applied_on=dt.date(2026, 11, 2),
        detail="列为重点监管对象，纳税评估频次提高至每季度一次",
    )
    notice.refresh_from_db()
    assert notice.state == "feedback"
    with pytest.raises(ValidationError) as wrong:
        actions.record_measure(
            actor=tax_partner,
            notice=notice,
            measure_key="restrict_procurement",
            applied_on=dt.date(2026, 11, 2),
            detail="x",
        )
    assert wrong.value.field == "measure_key"
    with pytest.raises(ValidationError):
        actions.confirm_lift(actor=tax_partner, notice=notice, lifted_on=dt.date(2026, 11, 30))

    credit.remove_from_list(
        actor=None,
        entry=serious_entry,
        removed_on=dt.date(2026, 11, 20),
        reason="decision_revoked",
    )
    assert actions.dispatch_list_entries(actor=None) == (0, 1)
    notice.refresh_from_db()
    assert (notice.state, notice.removal_notified_on) == ("removal_notified", dt.date(2026, 12, 2))
    home = {str(c.label): c.value for c in cards_for(tax_partner)}
    assert home["待反馈或待确认解除的联合惩戒推送"] == 1
    with pytest.raises(ValidationError) as late:
        actions.record_measure(
            actor=tax_partner,
            notice=notice,
            measure_key="restrict_honours",
            applied_on=dt.date(2026, 11, 25),
            detail="x",
        )
    assert late.value.field == "state"

    response = client_for(tax_partner).post(
        f"/collaboration/discipline/{notice.pk}/lift/", {"lifted_on": "2026-11-25", "note": ""}
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.state, notice.lift_confirmed_on) == ("lift_confirmed", dt.date(2026, 11, 25))
    assert list(AppliedMeasure.objects.values_list("lifted_on", flat=True)) == [
        dt.date(2026, 11, 25)
    ]
    assert AuditEvent.objects.filter(event_type="collaboration.lift_confirmed").count() == 1


def test_only_the_receiving_partner_records_measures(
    serious_entry, tax_partner, pudong_tax_partner, regulator
):
    actions.dispatch_list_entries(actor=regulator)
    notice = DisciplineNotice.objects.get()
    for actor in (pudong_tax_partner, regulator):
        with pytest.raises(CollaborationNotPermitted):
            actions.record_measure(
                actor=actor,
                notice=notice,
                measure_key="key_supervision",
                applied_on=dt.date(2026, 11, 2),
                detail="x",
            )
    with pytest.raises(CollaborationNotPermitted):
        actions.dispatch_list_entries(actor=tax_partner)
    assert AppliedMeasure.objects.count() == 0


def test_profile_shows_measures_applied_elsewhere(serious_entry, tax_partner, regulator, world):
    actions.dispatch_list_entries(actor=regulator)
    notice = DisciplineNotice.objects.get()
    actions.record_measure(
        actor=tax_partner,
        notice=notice,
        measure_key="restrict_honours",
        applied_on=dt.date(2026, 11, 3),
        detail="取消年度纳税信用评优资格",
    )
    page = client_for(regulator).get(f"/registry/entities/{world['food'].pk}/")
    assert page.status_code == 200
    assert "国家税务总局上海市杨浦区税务局实施联合惩戒措施：限制参加评先评优、授予荣誉称号" in (
        page.content.decode()
    )


def test_partner_pushes_a_tax_record_as_a_credit_event(tax_partner, world, pudong_tax_partner):
    from wangjian.credit.models import CreditEvent

    client = client_for(tax_partner)
    body = {
        "uscc": world["food"].uscc,
        "kind": "tax_major_violation",
        "occurred_on": "2026-10-15",
        "summary": "虚开增值税专用发票",
        "source_id": "沪税稽〔2026〕88号",
    }
    first = client.post(
        "/api/v1/collaboration/partner-records/", body, content_type="application/json"
    )
    assert first.status_code == 201, first.content
    again = client.post(
        "/api/v1/collaboration/partner-records/", body, content_type="application/json"
    )
    assert again.json()["credit_event"] == first.json()["credit_event"]
    event = CreditEvent.objects.get()
    assert (event.kind, event.legal_basis, event.source_app, event.source_type) == (
        "partner_record",
        "major-tax-violation-disclosure-measures-2021",
        "collaboration",
        "partner:tax",
    )
    assert event.summary == "重大税收违法失信主体：虚开增值税专用发票"
    assert event.details["partner"] == "国家税务总局上海市杨浦区税务局"
    # The Pudong tax bureau cannot push about a Yangpu entity; another department's kind is
    # refused.
    other = client_for(pudong_tax_partner).post(
        "/api/v1/collaboration/partner-records/", body, content_type="application/json"
    )
    assert other.status_code == 400
    assert "uscc" in other.json()
    wrong = client.post(
        "/api/v1/collaboration/partner-records/",
        {**body, "kind": "commerce_dishonest_operator", "source_id": "x"},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    assert CreditEvent.objects.count() == 1


def test_partner_record_endpoint_by_role(tax_partner, regulator, world):
    body = {
        "uscc": world["food"].uscc,
        "kind": "tax_major_violation",
        "occurred_on": "2026-10-15",
        "summary": "x",
        "source_id": "1",
    }
    assert (
        Client()
        .post("/api/v1/collaboration/partner-records/", body, content_type="application/json")
        .status_code
        == 401
    )
    assert (
        client_for(regulator)
        .post("/api/v1/collaboration/partner-records/", body, content_type="application/json")
        .status_code
        == 403
    )


def test_notice_pages_and_api_scoping(
    serious_entry, tax_partner, pudong_tax_partner, regulator, consumer
):
    actions.dispatch_list_entries(actor=regulator)
    notice = DisciplineNotice.objects.get()
    for url, missing, api in (
        (f"/collaboration/discipline/{notice.pk}/", "/collaboration/discipline/999999/", False),
        (
            f"/api/v1/collaboration/discipline-notices/{notice.pk}/",
            "/api/v1/collaboration/discipline-notices/999999/",
            True,
        ),
    ):
        case = ScopingCase(url, missing, api=api)
        for permitted in (tax_partner, regulator):
            assert_scoping_matrix(
                case,
                permitted=permitted,
                other_jurisdiction=pudong_tax_partner,
                no_permission=consumer,
            )
    step = ScopingCase(
        f"/collaboration/discipline/{notice.pk}/feedback/",
        "/collaboration/discipline/999999/feedback/",
        method="post",
        data={"feedback": "已纳入重点监管"},
        api=False,
        permitted_status=302,
    )
    assert_scoping_matrix(
        step, permitted=tax_partner, other_jurisdiction=pudong_tax_partner, no_permission=consumer
    )
    notice.refresh_from_db()
    assert notice.feedback == "已纳入重点监管"
    listing = client_for(pudong_tax_partner).get("/collaboration/discipline/").content.decode()
    assert "上海杨浦甲乙食品有限公司" not in listing
    dispatch = ScopingCase(
        "/collaboration/discipline/dispatch/",
        "/collaboration/discipline/999999/feedback/",
        method="post",
        api=False,
        permitted_status=302,
    )
    assert_scoping_matrix(
        dispatch, permitted=regulator, other_jurisdiction=tax_partner, no_permission=consumer
    )
