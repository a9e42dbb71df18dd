"""The plan list through the shared list helper: search, the total and the audited export."""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from wangjian.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_plans_are_searched_counted_and_exported(plan, regulator, other_regulator, consumer):
    client = Client()
    client.force_login(regulator)
    found = client.get("/inspections/", {"q": "杨浦 双随机"})
    assert [p.pk for p in found.context["plans"]] == [plan.pk]
    assert "共 1 条" in found.content.decode()
    assert list(client.get("/inspections/", {"q": "浦东"}).context["plans"]) == []
    response = client.get("/inspections/plans/export.xlsx", {"q": "双随机"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["2026年杨浦区网络交易双随机抽查"]
    assert AuditEvent.objects.get(event_type="core.list_exported").after["rows"] == 1
    elsewhere = Client()
    elsewhere.force_login(other_regulator)
    assert list(elsewhere.get("/inspections/").context["plans"]) == []
    outsider = Client()
    outsider.force_login(consumer)
    assert outsider.get("/inspections/plans/export.xlsx").status_code == 404
    assert Client().get("/inspections/plans/export.xlsx").status_code == 302
