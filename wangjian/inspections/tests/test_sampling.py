"""监督抽查 within the inspections app: the plan's strata and budget, a report with a result per
item, the objection period from the notice on the calendar, an objection and its re-test,
责令改正 for a 不合格 result, publication, the credit record and the profile timeline."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from wangjian.core.working_days import add_working_days, calendar_day_deadline
from wangjian.inspections import actions
from wangjian.inspections.error_codes import InspectionRefused
from wangjian.inspections.models import SampleState

ITEMS = [
    {"code": "T1", "name": "标识", "requirement": "GB 6675.1-2014 第5章"},
    {"code": "T2", "name": "增塑剂", "requirement": "GB 6675.1-2014 附录C"},
]


@pytest.fixture
def sampling_plan(section_chief, catalogue):
    return actions.create_sampling_plan(
        actor=section_chief,
        title="2026年杨浦区玩具产品质量监督抽查",
        year=2026,
        product_category="塑胶玩具",
        standard="GB 6675.1-2014 玩具安全",
        test_items=ITEMS,
        strata=[{"name": "实体店", "count": 1}, {"name": "网店", "count": 2}],
        budget=Decimal("300"),
        testing_body="上海市质量监督检验技术研究院",
    )


def take(plan, regulator, entities, number="S-001", stratum="实体店", price="120"):
    return actions.record_sample(
        actor=regulator,
        plan=plan,
        number=number,
        stratum=stratum,
        channel="offline",
        seller=entities["alpha"],
        producer=entities["gamma"],
        producer_name=entities["gamma"].name,
        product_name="软胶洗澡玩具",
        price=Decimal(price),
        sampled_on=dt.date(2026, 11, 2),
    )


def test_a_plan_needs_its_standard_items_strata_and_budget(section_chief, regulator):
    with pytest.raises(InspectionRefused) as error:
        actions.create_sampling_plan(
            actor=section_chief,
            title="空计划",
            year=2026,
            product_category="玩具",
            standard="",
            test_items=[],
            strata=[{"name": "网店", "count": 0}],
            budget=Decimal("0"),
            testing_body="",
        )
    assert str(error.value).count("；") == 4
    with pytest.raises(Exception, match="无此权限"):
        actions.create_sampling_plan(
            actor=regulator,
            title="科员不能制定计划",
            year=2026,
            product_category="玩具",
            standard="GB 6675.1-2014",
            test_items=ITEMS,
            strata=[{"name": "网店", "count": 1}],
            budget=Decimal("100"),
            testing_body="检验院",
        )


def test_strata_budget_and_online_evidence_are_enforced(sampling_plan, regulator, entities):
    take(sampling_plan, regulator, entities)
    with pytest.raises(InspectionRefused, match="已抽满 1 个样品"):
        take(sampling_plan, regulator, entities, number="S-002")
    with pytest.raises(
        ValidationError, match=r"购样费用将超出预算.已用 120\.00 元，预算 300\.00 元"
    ):
        take(sampling_plan, regulator, entities, number="S-003", stratum="网店", price="200")
    with pytest.raises(InspectionRefused, match="网络购样须先对商品页面取证"):
        actions.record_sample(
            actor=regulator,
            plan=sampling_plan,
            number="S-004",
            stratum="网店",
            channel="online",
            seller=entities["beta"],
            producer_name="某玩具厂",
            product_name="软胶玩具",
            price=Decimal("50"),
            sampled_on=dt.date(2026, 11, 2),
            listing_url="https://shop.example/item/1",
        )


def test_an_objection_in_time_leads_to_a_retest_and_a_late_one_is_refused(
    sampling_plan, regulator, entities
):
    sample = take(sampling_plan, regulator, entities)
    sample = actions.record_test_report(
        actor=regulator,
        sample=sample,
        report_number="WT2026-0088",
        reported_on=dt.date(2026, 11, 9),
        item_results={
            "T1": {"value": "符合", "passed": True},
            "T2": {"value": "0.31%", "passed": False},
        },
    )
    assert sample.conclusion == "unqualified"
    sample = actions.notify_sample_result(
        actor=regulator, sample=sample, notified_on=dt.date(2026, 11, 10)
    )
    assert sample.objection_due_on == calendar_day_deadline(dt.date(2026, 11, 10), 15)
    assert sample.objection_rule["basis"] == "product-quality-law-2018:15"
    with pytest.raises(InspectionRefused, match="异议期限已于 2026-11-25 届满"):
        actions.file_sample_objection(
            actor=regulator, sample=sample, filed_on=dt.date(2026, 11, 26), text="样品保存不当"
        )
    sample = actions.file_sample_objection(
        actor=regulator, sample=sample, filed_on=dt.date(2026, 11, 20), text="样品保存不当"
    )
    assert sample.state == SampleState.OBJECTED
    sample = actions.finalise_sample_result(
        actor=regulator, sample=sample, retest_conclusion="qualified"
    )
    assert (sample.final_conclusion, sample.state) == ("qualified", "final")
    with pytest.raises(InspectionRefused, match="只有已确定的不合格结果才需后续处理"):
        actions.follow_up_unqualified(actor=regulator, sample=sample, follow_up="rectify")


def test_an_unqualified_result_is_ordered_corrected_published_and_on_the_profile(
    sampling_plan, regulator, section_chief, entities
):
    from wangjian.credit.models import CreditEvent

    sample = take(sampling_plan, regulator, entities)
    sample = actions.record_test_report(
        actor=regulator,
        sample=sample,
        report_number="WT2026-0089",
        reported_on=dt.date(2026, 11, 9),
        item_results={
            "T1": {"value": "符合", "passed": True},
            "T2": {"value": "0.31%", "passed": False},
        },
    )
    sample = actions.notify_sample_result(
        actor=regulator, sample=sample, notified_on=dt.date(2026, 11, 10)
    )
    with pytest.raises(InspectionRefused, match="异议期至 2026-11-25 届满前结果未确定"):
        actions.finalise_sample_result(actor=regulator, sample=sample, on=dt.date(2026, 11, 20))
    sample = actions.finalise_sample_result(actor=regulator, sample=sample)
    events = CreditEvent.objects.filter(source_app="inspections", source_id=str(sample.pk))
    assert sorted((e.entity_id, e.severity) for e in events) == sorted(
        [(entities["alpha"].pk, "problem"), (entities["gamma"].pk, "problem")]
    )
    sample = actions.follow_up_unqualified(actor=regulator, sample=sample, follow_up="rectify")
    assert sample.rectify_due_on == add_working_days(dt.date(2026, 12, 2), 15)
    assert actions.publish_sampling_results(actor=section_chief, plan=sampling_plan) == 1
    public = Client().get(f"/inspections/public/sampling/{sampling_plan.public_id}/")
    assert public.status_code == 200
    assert "软胶洗澡玩具" in public.content.decode()
    client = Client()
    client.force_login(regulator)
    profile = client.get(f"/registry/entities/{entities['alpha'].pk}/").content.decode()
    assert "监督抽查 2026年杨浦区玩具产品质量监督抽查：软胶洗澡玩具 检验不合格" in profile


def test_sampling_pages_are_scoped(
    sampling_plan, regulator, other_regulator, system_admin, merchant, entities, yangpu_bureau
):
    from wangjian.core.testing import ScopingCase, assert_scoping_matrix

    take(sampling_plan, regulator, entities)
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/inspections/sampling/{sampling_plan.pk}/",
            missing_url="/inspections/sampling/999999/",
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=system_admin,
    )
    assert "S-001 软胶洗澡玩具" in response.content.decode()
    from wangjian.core.choices import Role
    from wangjian.core.tests.factories import make_user

    partner = make_user("partner_yp", Role.PARTNER_DEPARTMENT, yangpu_bureau)
    for user in (merchant, other_regulator, partner):
        client = Client()
        client.force_login(user)
        assert client.get(f"/inspections/sampling/{sampling_plan.pk}/").status_code == 404
    client = Client()
    assert client.get("/inspections/sampling/").status_code == 302
    client.force_login(merchant)
    assert client.get("/inspections/sampling/").status_code == 404
    client.force_login(other_regulator)
    assert sampling_plan.title not in client.get("/inspections/sampling/").content.decode()
    # Nothing is public before publication.
    assert (
        Client().get(f"/inspections/public/sampling/{sampling_plan.public_id}/").status_code == 404
    )
