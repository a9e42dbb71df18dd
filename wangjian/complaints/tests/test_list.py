"""The complaint list through the shared list helper: search by number and by respondent,
the total, and the audited export without the complainants' contact details."""

import datetime as dt
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from wangjian.complaints.tests.factories import file
from wangjian.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_complaint_is_found_by_number_or_respondent_and_exported(world, divisions, regulator):
    first = file(divisions["yangpu"], on=dt.date(2026, 3, 2)).records[0]
    second = file(
        divisions["yangpu"], on=dt.date(2026, 3, 3), respondent_name="杨浦区小王服装店"
    ).records[0]
    client = Client()
    client.force_login(regulator)
    by_number = client.get("/complaints/", {"q": first.receipt_number})
    assert [c.pk for c in by_number.context["page"]] == [first.pk]
    by_name = client.get("/complaints/", {"q": "小王 服装"})
    assert [c.pk for c in by_name.context["page"]] == [second.pk]
    everything = client.get("/complaints/", {"sort": "received_on"})
    assert [c.pk for c in everything.context["page"]] == [first.pk, second.pk]
    assert "共 2 条" in everything.content.decode()
    response = client.get("/complaints/export.xlsx", {"q": first.receipt_number})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [first.receipt_number]
    assert all("13812345678" not in str(cell) for row in rows for cell in row)
    event = AuditEvent.objects.get(event_type="core.list_exported")
    assert event.after == {"rows": 1, "filters": {"state": "", "q": first.receipt_number}}
