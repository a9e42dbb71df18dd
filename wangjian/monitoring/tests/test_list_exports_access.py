"""The list exports answer like their lists: sign-in first, the same 404 for a role without
the capability, the user's own jurisdiction only, and no audit row for a refusal."""

import pytest
from django.test import Client

from wangjian.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/monitoring/findings/export.xlsx", "/monitoring/clues/export.xlsx"]
)
def test_list_exports_are_scoped(batch, url, merchant, other_regulator):
    assert Client().get(url).status_code == 302
    outsider = Client()
    outsider.force_login(merchant)
    assert outsider.get(url).status_code == 404
    assert not AuditEvent.objects.filter(event_type="core.list_exported").exists()
    elsewhere = Client()
    elsewhere.force_login(other_regulator)
    response = elsewhere.get(url, {"q": "L-1"})
    assert response.status_code == 200
    assert AuditEvent.objects.get(event_type="core.list_exported").after["rows"] == 0
