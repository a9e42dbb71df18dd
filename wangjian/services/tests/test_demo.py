"""The services demo step: loaded twice, the same data; the merchant's report verifies and
shows the repaired penalty as repaired; the gig batch has exactly its three errors."""

import pytest

from wangjian.core.demo import load_demo
from wangjian.registry.models import MarketEntity
from wangjian.services import idcode
from wangjian.services.models import (
    AssociationMembership,
    Commitment,
    EducationArticle,
    GigApplication,
    GigBatch,
    IdCodeIssue,
    ReportIssue,
    ServiceRequest,
)


def counts() -> dict[str, int]:
    return {
        "reports": ReportIssue.objects.count(),
        "batches": GigBatch.objects.count(),
        "applications": GigApplication.objects.count(),
        "approved": GigApplication.objects.filter(state="approved").count(),
        "codes": IdCodeIssue.objects.count(),
        "entities": MarketEntity.objects.count(),
        "service_requests": ServiceRequest.objects.count(),
        "rated": ServiceRequest.objects.filter(state="rated", rating=5).count(),
        "published_articles": EducationArticle.objects.published().count(),
        "commitments": Commitment.objects.filter(state="active").count(),
        "members": AssociationMembership.objects.count(),
    }


@pytest.mark.django_db
def test_demo_loads_once_with_reports_a_batch_and_an_identity_code(signing):
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first
    assert (first["reports"], first["batches"], first["applications"], first["approved"]) == (
        2,
        1,
        20,
        1,
    )
    assert (
        first["service_requests"],
        first["rated"],
        first["published_articles"],
        first["commitments"],
        first["members"],
    ) == (2, 1, 1, 1, 3)
    batch = GigBatch.objects.get()
    assert batch.error_count == 3
    assert {a.row_number: a.errors[0]["rule"] for a in batch.applications.exclude(errors=[])} == {
        5: "id_check_character",
        11: "prohibited_word",
        17: "duplicate_applicant",
    }
    approved = GigApplication.objects.get(state="approved")
    code = IdCodeIssue.objects.get(entity=approved.entity)
    assert idcode.verify_token(code.token)["u"] == approved.entity.uscc
    assert [n.kind for n in approved.notices.all()] == ["approved"]
    merchant_report = ReportIssue.objects.filter(entity__accounts__user__username="merchant").get()
    from wangjian.services.report import build_content

    content = build_content(
        merchant_report.entity,
        number="x",
        start=merchant_report.period_from,
        end=merchant_report.period_to,
        as_of=merchant_report.as_of,
    )
    assert [p["publicity"]["status"] for p in content["penalties"]] == ["repaired", "publicised"]
