"""API and pages: one scoping matrix per endpoint, and proofs that verify."""

import pytest
from django.test import Client

from wangjian.core.models import Job
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.evidence.bundle import merkle
from wangjian.evidence.models import CustodyLogEntry
from wangjian.evidence.tests.factories import make_evidence


@pytest.fixture
def item(evidence_settings, regulator, page_capture):
    return make_evidence(regulator, page_capture, case_reference="CASE-9")


@pytest.mark.django_db
def test_item_endpoints_scoping_and_access_logging(item, section_chief, other_regulator, consumer):
    actors = {
        "permitted": section_chief,
        "other_jurisdiction": other_regulator,
        "no_permission": consumer,
    }
    before = CustodyLogEntry.objects.count()
    response = assert_scoping_matrix(
        ScopingCase(f"/api/v1/evidence/items/{item.pk}/", "/api/v1/evidence/items/999999/"),
        **actors,
    )
    assert response.json()["bundle_id"] == item.bundle_id
    assert CustodyLogEntry.objects.count() == before + 1
    assert CustodyLogEntry.objects.order_by("-index").first().event_type == "access"

    response = assert_scoping_matrix(
        ScopingCase(
            f"/api/v1/evidence/items/{item.pk}/bundle/", "/api/v1/evidence/items/999999/bundle/"
        ),
        **actors,
    )
    assert response.content[:2] == b"PK"
    assert CustodyLogEntry.objects.order_by("-index").first().event_type == "export"

    for suffix in ("", "bundle/", "certificate/"):
        response = assert_scoping_matrix(
            ScopingCase(f"/evidence/{item.pk}/{suffix}", f"/evidence/999999/{suffix}", api=False),
            **actors,
        )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


@pytest.mark.django_db
def test_verification_runs_only_on_a_reachable_item(item, section_chief, other_regulator, consumer):
    actors = {
        "permitted": section_chief,
        "other_jurisdiction": other_regulator,
        "no_permission": consumer,
    }
    response = assert_scoping_matrix(
        ScopingCase(
            f"/api/v1/evidence/items/{item.pk}/verify/",
            "/api/v1/evidence/items/999999/verify/",
            method="post",
            data={},
        ),
        **actors,
    )
    assert response.json()["ok"] is True
    response = assert_scoping_matrix(
        ScopingCase(
            f"/evidence/{item.pk}/verify/",
            "/evidence/999999/verify/",
            method="post",
            data={},
            api=False,
        ),
        **actors,
    )
    assert item.bundle_id in response.content.decode()
    assert CustodyLogEntry.objects.filter(event_type="verify").count() == 2


@pytest.mark.django_db
def test_list_filters_and_log_proofs_served_by_the_api(
    item, section_chief, other_regulator, consumer
):
    client = Client()
    client.force_login(section_chief)
    assert item.bundle_id in client.get("/evidence/?case_reference=CASE-9").content.decode()
    assert item.bundle_id not in client.get("/evidence/?case_reference=OTHER").content.decode()
    client.force_login(consumer)
    assert client.get("/api/v1/evidence/log/checkpoint/").status_code == 404
    client.force_login(section_chief)
    checkpoint = client.get("/api/v1/evidence/log/checkpoint/").json()
    size = checkpoint["size"]
    assert size == 2
    proof = client.get(f"/api/v1/evidence/log/inclusion-proof/?index=1&size={size}").json()
    seal = CustodyLogEntry.objects.get(index=1)
    assert merkle.verify_inclusion(
        bytes.fromhex(seal.leaf_hash),
        1,
        size,
        [bytes.fromhex(h) for h in proof["hashes"]],
        bytes.fromhex(checkpoint["root_hash"]),
    )
    grown = CustodyLogEntry.objects.count()
    consistency = client.get(
        f"/api/v1/evidence/log/consistency-proof/?first={size}&second={grown}"
    ).json()
    assert merkle.verify_consistency(
        size,
        bytes.fromhex(checkpoint["root_hash"]),
        grown,
        bytes.fromhex(consistency["second_root"]),
        [bytes.fromhex(h) for h in consistency["hashes"]],
    )
    assert client.get("/api/v1/evidence/log/inclusion-proof/?index=5&size=2").status_code == 404
    client.force_login(other_regulator)
    assert item.bundle_id not in client.get("/evidence/").content.decode()
    listed = client.get("/api/v1/evidence/items/").json()
    assert (listed["results"] if isinstance(listed, dict) else listed) == []


@pytest.mark.django_db
def test_verify_and_capture_endpoints(item, regulator, consumer, site_url):
    client = Client()
    client.force_login(regulator)
    verified = client.post(f"/api/v1/evidence/items/{item.pk}/verify/").json()
    assert verified["ok"] is True
    assert [step["passed"] for step in verified["steps"]] == [True] * 7
    assert CustodyLogEntry.objects.order_by("-index").first().event_type == "verify"

    refused = client.post(
        "/api/v1/evidence/items/capture/", {"url": "ftp://x/"}, content_type="application/json"
    )
    assert refused.status_code == 400
    started = client.post(
        "/api/v1/evidence/items/capture/",
        {"url": site_url, "case_reference": "CASE-API"},
        content_type="application/json",
    )
    assert started.status_code == 202
    job = Job.objects.get(pk=started.json()["job"])
    assert (job.kind, job.parameters["case_reference"]) == ("evidence.capture", "CASE-API")

    client.force_login(consumer)
    denied = client.post(
        "/api/v1/evidence/items/capture/", {"url": site_url}, content_type="application/json"
    )
    assert denied.status_code == 403
    assert client.post(f"/api/v1/evidence/items/{item.pk}/verify/").status_code == 404


@pytest.mark.django_db
def test_the_subject_timeline_tag_and_home_card_respect_jurisdiction(
    evidence_settings, regulator, other_regulator, page_capture
):
    from django.template import Context, Template

    from wangjian.core.home import cards_for

    item = make_evidence(regulator, page_capture, subject_type="registry.shop", subject_id="7")
    template = Template('{% load evidence %}{% evidence_for_subject user "registry.shop" 7 %}')
    assert item.bundle_id in template.render(Context({"user": regulator}))
    assert item.bundle_id not in template.render(Context({"user": other_regulator}))
    counts = {str(card.label): card.value for card in cards_for(regulator)}
    assert counts["辖区内电子存证"] == 1
    counts = {str(card.label): card.value for card in cards_for(other_regulator)}
    assert counts["辖区内电子存证"] == 0
