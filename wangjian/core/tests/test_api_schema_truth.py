"""The OpenAPI schema says what the API does: request bodies, nullable fields, refusals."""

import pytest
from django.test import Client

from wangjian.core.tests.factories import make_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(regulator):
    client = Client()
    client.force_login(regulator)
    return client.get("/api/schema/?format=json").json()


def component(schema, reference):
    return schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]


def test_filing_documents_the_intake_body_and_the_receipt(schema):
    post = schema["paths"]["/api/v1/complaints/complaints/"]["post"]
    body = component(schema, post["requestBody"]["content"]["application/json"]["schema"]["$ref"])
    assert {"kinds", "respondent_name", "facts"} <= set(body["required"])
    assert "receipt_number" not in body["properties"]
    created = post["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert set(component(schema, created)["properties"]) == {"records", "lookup_code"}


def test_the_import_documents_a_multipart_file(schema):
    post = schema["paths"]["/api/v1/complaints/complaints/import/"]["post"]
    assert list(post["requestBody"]["content"]) == ["multipart/form-data"]
    body = post["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    assert component(schema, body)["properties"]["file"]["format"] == "binary"
    created = post["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert "rows_committed" in component(schema, created)["properties"]


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("Division", "parent_code"),
        ("Finding", "clue_number"),
        ("Finding", "shop_name"),
        ("Finding", "triaged_by"),
        ("ScanBatch", "platform_name"),
        ("Me", "jurisdiction"),
        ("Me", "org_unit"),
    ],
)
def test_fields_that_can_be_null_are_documented_nullable(schema, name, field):
    properties = schema["components"]["schemas"][name]["properties"]
    assert properties[field].get("nullable") is True or {"nullable": True} in properties[field].get(
        "allOf", []
    )


def test_refusals_are_documented(schema):
    detail = schema["paths"]["/api/v1/core/org-units/{id}/"]["get"]["responses"]
    assert {"200", "401", "403", "404", "429"} <= set(detail)
    confirm = schema["paths"]["/api/v1/monitoring/findings/confirm/"]["post"]["responses"]
    assert {"201", "400", "401", "404", "429"} <= set(confirm)


def test_an_id_beyond_the_database_range_is_refused_not_a_server_error(regulator):
    client = Client(HTTP_AUTHORIZATION=f"Token {make_api_token(regulator)}")
    response = client.post(
        "/api/v1/monitoring/findings/confirm/",
        {"findings": [2**70]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "findings[0]"
    proof = client.get("/api/v1/evidence/log/inclusion-proof/", {"index": 2**70, "size": 1})
    assert proof.status_code == 404
    assert "out of range" in proof.json()["detail"]
