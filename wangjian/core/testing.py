"""Test helpers shared by every app: the scoping matrix.

``assert_scoping_matrix`` runs one endpoint as four actors and asserts the outcome for each:
anonymous (401 for the API, a redirect to sign-in for pages), a user of another jurisdiction
and a user whose role lacks the capability (both the same 404 as a missing object), and a
permitted user. Denied requests must leave no trace: no new rows in the audit log.
"""

from dataclasses import dataclass

from django.test import Client

from wangjian.core.models import AuditEvent


@dataclass
class ScopingCase:
    url: str
    missing_url: str
    method: str = "get"
    data: dict | None = None
    permitted_status: int = 200
    api: bool = True


def _request(client: Client, case: ScopingCase, url: str):
    method = getattr(client, case.method)
    if case.data is None:
        return method(url)
    if case.api:
        return method(url, data=case.data, content_type="application/json")
    return method(url, data=case.data)


def _client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assert_scoping_matrix(case: ScopingCase, *, permitted, other_jurisdiction, no_permission):
    """Assert the four outcomes; return the permitted response for further checks.

    Run the denials first, so a permitted write cannot hide a denied one.
    """
    audit_before = AuditEvent.objects.count()

    anonymous = _request(_client_for(None), case, case.url)
    if case.api:
        assert anonymous.status_code == 401, (case.url, anonymous.status_code)
    else:
        assert anonymous.status_code == 302, (case.url, anonymous.status_code)
        assert "/login/" in anonymous["Location"]

    for label, user in (
        ("other jurisdiction", other_jurisdiction),
        ("no permission", no_permission),
    ):
        client = _client_for(user)
        denied = _request(client, case, case.url)
        missing = _request(client, case, case.missing_url)
        assert denied.status_code == 404, (label, case.url, denied.status_code)
        assert missing.status_code == 404, (label, case.missing_url, missing.status_code)
        assert _comparable(denied) == _comparable(missing), (
            f"{label}: a forbidden object must answer exactly like a missing one"
        )

    assert AuditEvent.objects.count() == audit_before, "a denied request wrote an audit event"

    allowed = _request(_client_for(permitted), case, case.url)
    assert allowed.status_code == case.permitted_status, (
        case.url,
        allowed.status_code,
        allowed.content[:500],
    )
    return allowed


def _comparable(response) -> bytes:
    # The request id differs per request by design; everything else must be identical.
    import json

    if response.get("Content-Type", "").startswith("application/json"):
        body = json.loads(response.content)
        if isinstance(body, dict):
            body.pop("request_id", None)
        return json.dumps(body, sort_keys=True).encode()
    return response.content
