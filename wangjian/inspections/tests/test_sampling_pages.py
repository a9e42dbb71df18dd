"""监督抽查 write pages: each step's form calls its action, shows a refusal next to the field it
names, and is reached only in the user's jurisdiction with the action's capability."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.inspections import actions
from wangjian.inspections.models import Sample, SampleState, SamplingPlan

ITEMS = [
    {"code": "T1", "name": "标识", "requirement": "GB 6675.1-2014 第5章"},
    {"code": "T2", "name": "增塑剂", "requirement": "GB 6675.1-2014 附录C"},
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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


@pytest.fixture
def sample(sampling_plan, regulator, entities):
    return actions.record_sample(
        actor=regulator,
        plan=sampling_plan,
        number="S-001",
        stratum="实体店",
        channel="offline",
        seller=entities["alpha"],
        producer=entities["gamma"],
        producer_name=entities["gamma"].name,
        product_name="软胶洗澡玩具",
        price=Decimal("120"),
        sampled_on=dt.date(2026, 11, 2),
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_new_plan_page_is_for_section_chiefs(section_chief, regulator, other_regulator):
    response = assert_scoping_matrix(
        ScopingCase(
            url="/inspections/sampling/new/",
            missing_url="/inspections/sampling/new/",
            api=False,
        ),
        permitted=section_chief,
        other_jurisdiction=other_regulator,
        no_permission=regulator,
    )
    page = response.content.decode()
    assert 'name="strata"' in page
    assert 'name="budget"' in page
    assert (
        'data-testid="plan-new-link"'
        in _client(section_chief).get("/inspections/sampling/").content.decode()
    )
    assert "plan-new-link" not in _client(regulator).get("/inspections/sampling/").content.decode()


def test_sample_and_publish_pages_are_scoped(
    sampling_plan, regulator, section_chief, other_regulator, system_admin
):
    assert_scoping_matrix(
        ScopingCase(
            url=f"/inspections/sampling/{sampling_plan.pk}/samples/new/",
            missing_url="/inspections/sampling/999999/samples/new/",
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=system_admin,
    )
    assert_scoping_matrix(
        ScopingCase(
            url=f"/inspections/sampling/{sampling_plan.pk}/publish/",
            missing_url="/inspections/sampling/999999/publish/",
            api=False,
        ),
        permitted=section_chief,
        other_jurisdiction=other_regulator,
        # A regulator may take samples but not publish (inspections.sampling_plan).
        no_permission=regulator,
    )


@pytest.mark.parametrize("step", ["report", "notify", "objection", "finalise", "follow-up"])
def test_every_step_page_is_scoped(step, sample, regulator, other_regulator, system_admin):
    assert_scoping_matrix(
        ScopingCase(
            url=f"/inspections/sampling/samples/{sample.pk}/{step}/",
            missing_url=f"/inspections/sampling/samples/999999/{step}/",
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=system_admin,
    )


def test_a_refused_plan_shows_each_problem_by_its_field(section_chief):
    response = _client(section_chief).post(
        "/inspections/sampling/new/",
        {
            "title": "空计划",
            "year": "2026",
            "product_category": "玩具",
            "standard": "",
            "test_items": "",
            "strata": "网店 0",
            "budget": "0",
            "testing_body": "检验院",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "检验依据：须写明标准或规定" in page.split('data-testid="standard-error">')[1]
    assert "检验项目：每项须有编号和名称" in page.split('data-testid="test-items-error">')[1]
    assert "分层：每层须有名称和正整数样品数" in page.split('data-testid="strata-error">')[1]
    assert "预算：须大于零" in page.split('data-testid="budget-error">')[1]
    assert SamplingPlan.objects.count() == 0


def test_an_english_reader_sees_the_refusal_in_english_only(section_chief):
    client = _client(section_chief)
    client.cookies["django_language"] = "en"
    response = client.post(
        "/inspections/sampling/new/",
        {
            "title": "空计划",
            "year": "2026",
            "product_category": "玩具",
            "standard": "",
            "test_items": "T1 标识",
            "strata": "网店 1",
            "budget": "100",
            "testing_body": "检验院",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    error = response.content.decode().split('data-testid="standard-error">')[1]
    assert error.split("</span>")[0] == "监督抽查计划“空计划”: incomplete plan"


def test_an_objection_in_time_leads_to_the_retest_form(sample, regulator):
    actions.record_test_report(
        actor=regulator,
        sample=sample,
        report_number="WT2026-0088",
        reported_on=dt.date(2026, 11, 9),
        item_results={
            "T1": {"value": "符合", "passed": True},
            "T2": {"value": "0.31%", "passed": False},
        },
    )
    actions.notify_sample_result(actor=regulator, sample=sample, notified_on=dt.date(2026, 11, 10))
    officer = _client(regulator)
    step = f"/inspections/sampling/samples/{sample.pk}"
    late = officer.post(f"{step}/objection/", {"filed_on": "2026-11-26", "text": "样品保存不当"})
    assert (
        "异议期限已于 2026-11-25 届满"
        in late.content.decode().split('data-testid="filed-error">')[1].split("</span>")[0]
    )
    page = officer.post(
        f"{step}/objection/", {"filed_on": "2026-11-20", "text": "样品保存不当"}, follow=True
    ).content.decode()
    assert "已受理异议。下一步：复检后录入复检结论。" in page
    assert 'name="retest_conclusion"' in officer.get(f"{step}/finalise/").content.decode()
    page = officer.post(
        f"{step}/finalise/", {"retest_conclusion": "qualified"}, follow=True
    ).content.decode()
    assert "结果已确定：合格。下一步：公布结果。" in page
    sample.refresh_from_db()
    assert (sample.final_conclusion, sample.state) == ("qualified", SampleState.FINAL)
    assert f"{step}/follow-up/" not in page


def test_an_online_sample_needs_an_existing_capture(sampling_plan, regulator, entities):
    response = _client(regulator).post(
        f"/inspections/sampling/{sampling_plan.pk}/samples/new/",
        {
            "number": "S-009",
            "stratum": "网店",
            "channel": "online",
            "product_name": "软胶玩具",
            "seller_uscc": entities["beta"].uscc,
            "producer_name": "某玩具厂",
            "price": "50",
            "sampled_on": "2026-11-02",
            "listing_url": "https://shop.example/item/1",
            "listing_evidence": "",
        },
    )
    error = response.content.decode().split('data-testid="evidence-error">')[1]
    assert error.startswith("监督抽查计划“2026年杨浦区玩具产品质量监督抽查”样品 S-009")
    assert "网络购样须先对商品页面取证" in error.split("</span>")[0]
    assert not Sample.objects.filter(number="S-009").exists()


def test_a_step_the_state_does_not_allow_shows_no_form(sample, regulator):
    page = _client(regulator).get(f"/inspections/sampling/samples/{sample.pk}/notify/")
    text = page.content.decode()
    assert 'data-testid="not-allowed"' in text
    assert 'name="notified_on"' not in text


def test_plan_to_case_through_the_pages(section_chief, regulator, entities, catalogue):
    chief = _client(section_chief)
    response = chief.post(
        "/inspections/sampling/new/",
        {
            "title": "2026年杨浦区玩具抽查",
            "year": "2026",
            "product_category": "塑胶玩具",
            "standard": "GB 6675.1-2014 玩具安全",
            "test_items": "T1 标识 GB 6675.1-2014 第5章\nT2 增塑剂 GB 6675.1-2014 附录C",
            "strata": "实体店 1\n网店 2",
            "budget": "300",
            "testing_body": "上海市质量监督检验技术研究院",
        },
        follow=True,
    )
    plan = SamplingPlan.objects.get(title="2026年杨浦区玩具抽查")
    assert plan.test_items == [
        {"code": "T1", "name": "标识", "requirement": "GB 6675.1-2014 第5章"},
        {"code": "T2", "name": "增塑剂", "requirement": "GB 6675.1-2014 附录C"},
    ]
    assert plan.strata == [{"name": "实体店", "count": 1}, {"name": "网店", "count": 2}]
    assert "已建立监督抽查计划“2026年杨浦区玩具抽查”。下一步：按分层登记样品。" in (
        response.content.decode()
    )

    officer = _client(regulator)
    plan_url = f"/inspections/sampling/{plan.pk}/"
    assert f"/inspections/sampling/{plan.pk}/samples/new/" in officer.get(plan_url).content.decode()
    response = officer.post(
        f"/inspections/sampling/{plan.pk}/samples/new/",
        {
            "number": "S-001",
            "stratum": "实体店",
            "channel": "offline",
            "product_name": "软胶洗澡玩具",
            "seller_uscc": entities["alpha"].uscc,
            "producer_uscc": entities["gamma"].uscc,
            "producer_name": "",
            "price": "120",
            "sampled_on": "2026-11-02",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已登记样品 S-001。下一步：收到承检机构的检验报告后录入。" in page
    sample = Sample.objects.get(plan=plan, number="S-001")
    assert (sample.seller, sample.producer_name) == (entities["alpha"], entities["gamma"].name)
    assert f"/inspections/sampling/samples/{sample.pk}/report/" in page
    assert f"/inspections/sampling/samples/{sample.pk}/notify/" not in page

    step = f"/inspections/sampling/samples/{sample.pk}"
    # A missing item result is shown next to the item results.
    refused = officer.post(
        f"{step}/report/",
        {"report_number": "WT2026-0089", "reported_on": "2026-11-09", "passed_T1": "yes"},
    ).content.decode()
    assert "检验报告须逐项给出结果（缺少：T2）" in refused.split('data-testid="items-error">')[1]
    page = officer.post(
        f"{step}/report/",
        {
            "report_number": "WT2026-0089",
            "reported_on": "2026-11-09",
            "value_T1": "符合",
            "passed_T1": "yes",
            "value_T2": "0.31%",
            "passed_T2": "no",
            "report_file": SimpleUploadedFile(
                "WT2026-0089.pdf", PDF, content_type="application/pdf"
            ),
        },
        follow=True,
    ).content.decode()
    assert "已录入检验报告，检验结论：不合格。下一步：告知生产者和销售者。" in page
    assert f"{step}/notify/" in page
    sample.refresh_from_db()
    assert sample.report_sha256 == hashlib.sha256(PDF).hexdigest()
    assert sample.report_custody_index is not None

    notice_form = officer.get(f"{step}/notify/").content.decode()
    assert "data-confirm=" in notice_form
    page = officer.post(f"{step}/notify/", {"notified_on": "2026-11-10"}, follow=True)
    assert "已告知生产者和销售者。异议期限至 2026-11-25，期满后确定结果。" in (
        page.content.decode()
    )
    page = officer.post(f"{step}/finalise/", {}, follow=True).content.decode()
    assert "结果已确定：不合格。下一步：立案查处或责令改正，并公布结果。" in page
    assert f"{step}/follow-up/" in page

    refused = officer.post(f"{step}/follow-up/", {"follow_up": "case", "conduct": ""})
    assert (
        "立案查处须写明涉嫌违法行为"
        in (refused.content.decode().split('data-testid="conduct-error">')[1])
    )
    page = officer.post(
        f"{step}/follow-up/",
        {
            "follow_up": "case",
            "conduct": "销售增塑剂超标的玩具",
            "violated_articles": "产品质量法第四十九条",
        },
        follow=True,
    ).content.decode()
    sample.refresh_from_db()
    assert sample.state == SampleState.CLOSED
    assert sample.case_number != ""
    assert f"已立案，案源编号 {sample.case_number}。下一步：在案件中调查处理。" in page
    assert f"已立案，案源编号 {sample.case_number}" in officer.get(plan_url).content.decode()
    assert "publish-link" not in officer.get(plan_url).content.decode()

    assert 'data-testid="publish-link"' in chief.get(plan_url).content.decode()
    page = chief.post(f"/inspections/sampling/{plan.pk}/publish/", follow=True).content.decode()
    assert "已公布 1 个样品的结果，公众可在公布页面查看。" in page
    assert list(
        AuditEvent.objects.filter(target_id=str(sample.pk))
        .order_by("id")
        .values_list("event_type", flat=True)
        .filter(event_type__startswith="inspections.sample")
    ) == [
        "inspections.sample_taken",
        "inspections.sample_reported",
        "inspections.sample_notified",
        "inspections.sample_final",
        "inspections.sample_followed_up",
    ]
