"""监督抽查 through to a case: a sample bought online (its listing captured and sealed with the
evidence app's capture action first), a 不合格 report, the producer and seller notified with
the objection period on the calendar, the result fixed after it, a case opened against the
seller, the result published and on the seller's profile."""

import datetime as dt
from decimal import Decimal

from django.test import Client

from wangjian.core.working_days import calendar_day_deadline
from wangjian.enforcement.models import Case
from wangjian.evidence.tests.conftest import (  # noqa: F401
    evidence_settings,
    local_tsa,
    loopback_site_allowed,
    page_capture,
    site_url,
)
from wangjian.evidence.tests.factories import make_evidence
from wangjian.inspections import actions
from wangjian.inspections.tests.test_sampling import sampling_plan  # noqa: F401


def test_an_online_sample_ends_in_a_case_and_on_the_profile(request, regulator, section_chief):
    request.getfixturevalue("evidence_settings")
    entities = request.getfixturevalue("entities")
    plan = request.getfixturevalue("sampling_plan")
    listing = make_evidence(
        regulator,
        request.getfixturevalue("page_capture"),
        case_reason="监督抽查网络购样",
        subject_type="inspections.sample",
    )
    sample = actions.record_sample(
        actor=regulator,
        plan=plan,
        number="S-101",
        stratum="网店",
        channel="online",
        seller=entities["beta"],
        producer=entities["gamma"],
        producer_name=entities["gamma"].name,
        product_name="儿童软胶玩具",
        price=Decimal("59.90"),
        sampled_on=dt.date(2026, 11, 2),
        listing_url=listing.url,
        listing_evidence=listing.bundle_id,
    )
    sample = actions.record_test_report(
        actor=regulator,
        sample=sample,
        report_number="WT2026-0101",
        reported_on=dt.date(2026, 11, 9),
        item_results={
            "T1": {"value": "符合", "passed": True},
            "T2": {"value": "0.52%", "passed": False},
        },
    )
    assert sample.conclusion == "unqualified"
    sample = actions.notify_sample_result(
        actor=regulator, sample=sample, notified_on=dt.date(2026, 11, 10)
    )
    assert sample.producer_notified_on == dt.date(2026, 11, 10)
    assert sample.objection_due_on == calendar_day_deadline(dt.date(2026, 11, 10), 15)
    sample = actions.finalise_sample_result(actor=regulator, sample=sample)
    sample = actions.follow_up_unqualified(
        actor=regulator,
        sample=sample,
        follow_up="case",
        conduct="销售不符合保障人体健康和人身安全的国家标准的产品",
    )
    case = Case.objects.get(sample=sample)
    assert sample.case_number == case.source_number
    assert (case.entity, case.source_kind) == (entities["beta"], "inspection")
    assert actions.publish_sampling_results(actor=section_chief, plan=plan) == 1

    client = Client()
    client.force_login(regulator)
    page = client.get(f"/inspections/sampling/{plan.pk}/").content.decode()
    assert listing.bundle_id in page
    assert f'href="/enforcement/cases/{case.pk}/"' in page
    profile = client.get(f"/registry/entities/{entities['beta'].pk}/").content.decode()
    assert "儿童软胶玩具 检验不合格" in profile
