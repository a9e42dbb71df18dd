"""The 执法检查人员名录库 managed from its page: registration with the 执法证, renewal and leaving
the pool, audited and scoped to the section chief's jurisdiction."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.inspections import actions
from wangjian.inspections.error_codes import InspectionRefused
from wangjian.inspections.models import Inspector


def test_a_section_chief_registers_an_inspector_on_the_page(section_chief, regulator):
    client = Client()
    client.force_login(section_chief)
    client.post(
        reverse("inspections:inspector-register"),
        {
            "username": regulator.username,
            "certificate_number": "3101100099",
            "certificate_valid_until": "2029-06-30",
        },
    )
    inspector = Inspector.objects.get(user=regulator)
    assert (inspector.certificate_number, inspector.certificate_valid_until) == (
        "3101100099",
        dt.date(2029, 6, 30),
    )


def test_renewal_is_audited_and_a_taken_number_refused(officers, section_chief):
    first, second = officers[0], officers[1]
    with pytest.raises(InspectionRefused):
        actions.renew_inspector_certificate(
            actor=section_chief,
            inspector=first,
            certificate_number=second.certificate_number,
            certificate_valid_until=dt.date(2030, 1, 1),
        )
    actions.renew_inspector_certificate(
        actor=section_chief,
        inspector=first,
        certificate_number="3101100100",
        certificate_valid_until=dt.date(2030, 1, 1),
    )
    event = AuditEvent.objects.get(event_type="inspections.inspector_certificate_renewed")
    assert event.before == {"certificate": "3101100000", "valid_until": "2028-12-31"}
    assert event.after == {"certificate": "3101100100", "valid_until": "2030-01-01"}


def test_leaving_the_pool_scoping(officers, section_chief, other_section_chief, regulator):
    inspector = officers[2]
    case = ScopingCase(
        url=reverse("inspections:inspector-step", args=[inspector.pk, "leave"]),
        missing_url=reverse("inspections:inspector-step", args=[999999, "leave"]),
        method="post",
        data={"reason": "调离执法岗位"},
        api=False,
        permitted_status=302,
    )
    assert_scoping_matrix(
        case,
        permitted=section_chief,
        other_jurisdiction=other_section_chief,
        no_permission=regulator,
    )
    inspector.refresh_from_db()
    assert inspector.active is False
    assert AuditEvent.objects.get(event_type="inspections.inspector_pool_changed").reason == (
        "调离执法岗位"
    )
