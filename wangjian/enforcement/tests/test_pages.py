"""Pages, documents and the read API: one scoping matrix per endpoint (anonymous, another
bureau, a role without the capability, permitted), transfers, menus and the PDFs."""

import datetime as dt
import subprocess

import pytest
from django.test import Client

from wangjian.core.choices import Role
from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_user
from wangjian.enforcement import actions
from wangjian.enforcement.models import Case, Guidance
from wangjian.enforcement.tests.factories import PENALTY, decide, file_case, propose

MISSING = 999999
TODAY = dt.date(2026, 12, 2)


def matrix(url, missing, permitted, other, denied, **extra):
    return assert_scoping_matrix(
        ScopingCase(url=url, missing_url=missing, **extra),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(world, regulator):
    return actions.register_case(
        actor=regulator,
        conduct="直播间宣称保健食品具有治疗功能",
        entity=world["food"],
        shop=world["yangpu_shop"],
        found_on=dt.date(2026, 11, 25),
        violated_articles=["ad-law-2021:57"],
    )


@pytest.fixture
def decided(case, regulator, reviewer, section_chief, year_2027):
    file_case(case, regulator, reviewer, section_chief, TODAY)
    propose(case, regulator, reviewer, section_chief, TODAY, **PENALTY)
    actions.record_statement(actor=regulator, case=case, statement="当事人放弃陈述申辩", on=TODAY)
    decide(case, regulator, section_chief, TODAY)
    case.refresh_from_db()
    return case


@pytest.fixture
def food_merchant(world):
    from wangjian.registry.models import MerchantAccount

    user = make_user("food_merchant", Role.MERCHANT)
    MerchantAccount.objects.create(user=user, entity=world["food"])
    return user


@pytest.fixture
def order(world, regulator):
    return actions.issue_guidance(
        actor=regulator,
        kind="rectification",
        entity=world["food"],
        content="责令于期限内在网店首页公示营业执照信息",
        legal_basis=["ecommerce-law-2018:15"],
        rectification_due=dt.date(2026, 12, 16),
        on=TODAY,
    )


def test_case_page(case, regulator, other_regulator, merchant):
    response = matrix(
        f"/enforcement/cases/{case.pk}/",
        f"/enforcement/cases/{MISSING}/",
        regulator,
        other_regulator,
        merchant,
        api=False,
    )
    text = response.content.decode()
    assert "沪市监杨案源〔2026〕1号" in text
    assert "核查期限" in text
    assert "2026-12-16" in text  # 15 working days after 11/25
    assert "立案审批 · 承办人意见" in text  # the officer's next step


def test_case_list_page_filters_and_scopes(
    decided, world, regulator, other_regulator, merchant, client
):
    other = actions.register_case(
        actor=regulator, conduct="网店未明码标价", entity=world["tech"], found_on=TODAY
    )
    response = client_for(regulator).get("/enforcement/", {"state": "decided"})
    text = response.content.decode()
    assert response.status_code == 200
    assert decided.number in text or decided.display_number in text
    assert other.source_number not in text
    text = client_for(regulator).get("/enforcement/", {"source": "other"}).content.decode()
    assert other.source_number in text
    text = (
        client_for(regulator).get("/enforcement/", {"article": "ad-law-2021:57"}).content.decode()
    )
    assert decided.display_number in text
    assert other.source_number not in text
    text = client_for(regulator).get("/enforcement/", {"officer": "yp_regulator"}).content
    assert other.source_number in text.decode()
    assert client_for(regulator).get("/enforcement/", {"state": "bogus"}).status_code == 400
    assert (
        decided.display_number
        not in client_for(other_regulator).get("/enforcement/").content.decode()
    )
    assert client_for(merchant).get("/enforcement/").status_code == 404
    assert Client().get("/enforcement/").status_code == 302


def test_overdue_filter_and_home_card(world, regulator, client):
    late = actions.register_case(
        actor=regulator,
        conduct="网店未公示证照",
        entity=world["food"],
        found_on=dt.date(2026, 10, 9),
    )
    # 10/10 is a 调休 make-up Saturday and counts: the 15th working day is 10/29.
    assert late.verification_due == dt.date(2026, 10, 29)
    text = client_for(regulator).get("/enforcement/", {"state": "overdue"}).content.decode()
    assert late.source_number in text
    assert 'data-overdue="true"' in text
    home = client_for(regulator).get("/").content.decode()
    assert "办案期限已逾期的案件" in home


def test_approval_post(case, regulator, other_regulator, merchant):
    data = {
        "subject_stage": "filing/propose",
        "agreed": "1",
        "opinion": "违法事实基本清楚，建议立案",
        "file": "1",
    }
    matrix(
        f"/enforcement/cases/{case.pk}/approve/",
        f"/enforcement/cases/{MISSING}/approve/",
        regulator,
        other_regulator,
        merchant,
        method="post",
        data=data,
        api=False,
        permitted_status=302,
    )
    assert case.approvals.get().payload["file"] is True


def test_a_refused_step_shows_the_coded_error_on_the_page(case, regulator, section_chief):
    response = client_for(section_chief).post(
        f"/enforcement/cases/{case.pk}/approve/",
        {"subject_stage": "filing/approve", "agreed": "1", "opinion": "直接审批"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "[ENF-ORDER]" in text
    assert "审批顺序不符" in text


def test_step_post(decided, regulator, other_regulator, merchant):
    matrix(
        f"/enforcement/cases/{decided.pk}/step/",
        f"/enforcement/cases/{MISSING}/step/",
        regulator,
        other_regulator,
        merchant,
        method="post",
        data={"step": "serve", "on": "2026-12-02"},
        api=False,
        permitted_status=302,
    )
    decided.refresh_from_db()
    assert decided.served_on == TODAY
    # Every clock is shown with its basis and counting rule.
    text = client_for(regulator).get(f"/enforcement/cases/{decided.pk}/").content.decode()
    assert "《中华人民共和国行政处罚法》第六十条" in text
    assert "《中华人民共和国行政处罚法》第六十七条第三款" in text
    assert "《市场监督管理行政处罚信息公示规定》第九条" in text
    assert "2026-12-30" in text  # publicity: 20 working days after 12/2
    assert "2026-12-17" in text  # payment: 15 days after service
    assert "20个工作日，起算日不计入" in text


def test_transfer_post_and_the_three_bureaus(
    case, section_chief, other_section_chief, regulator, other_regulator, xuhui_regulator, merchant
):
    matrix(
        f"/enforcement/cases/{case.pk}/transfer/",
        f"/enforcement/cases/{MISSING}/transfer/",
        section_chief,
        xuhui_regulator,
        merchant,
        method="post",
        data={"to_division": "310115", "reason": "当事人住所地在浦东新区"},
        api=False,
        permitted_status=302,
    )
    url = f"/enforcement/cases/{case.pk}/"
    receiving = client_for(other_regulator).get(url)
    assert receiving.status_code == 200
    assert "请先签收再办理" in receiving.content.decode()
    sending = client_for(regulator).get(url)
    assert sending.status_code == 200
    assert 'data-testid="read-only"' in sending.content.decode()
    assert 'data-testid="approval-form"' not in sending.content.decode()
    assert client_for(xuhui_regulator).get(url).status_code == 404
    api = client_for(xuhui_regulator).get(f"/api/v1/enforcement/cases/{case.pk}/")
    assert api.status_code == 404
    assert client_for(regulator).get(f"/api/v1/enforcement/cases/{case.pk}/").status_code == 200
    response = client_for(other_regulator).post(
        f"/enforcement/cases/{case.pk}/step/", {"step": "receive"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.transfer_pending, case.handler) == (False, other_regulator)


def test_case_api(case, regulator, other_regulator, merchant):
    response = matrix(
        f"/api/v1/enforcement/cases/{case.pk}/",
        f"/api/v1/enforcement/cases/{MISSING}/",
        regulator,
        other_regulator,
        merchant,
    )
    body = response.json()
    assert (body["source_number"], body["state"], body["verification_due"]) == (
        "沪市监杨案源〔2026〕1号",
        "verifying",
        "2026-12-16",
    )
    listed = client_for(other_regulator).get("/api/v1/enforcement/cases/").json()
    assert listed["count"] == 0 if isinstance(listed, dict) else listed == []


def test_guidance_pages_and_api(order, regulator, other_regulator, food_merchant, consumer):
    detail = matrix(
        f"/enforcement/guidance/{order.pk}/",
        f"/enforcement/guidance/{MISSING}/",
        regulator,
        other_regulator,
        consumer,
        api=False,
    )
    assert "改正期限" in detail.content.decode()
    matrix(
        f"/api/v1/enforcement/guidance/{order.pk}/",
        f"/api/v1/enforcement/guidance/{MISSING}/",
        food_merchant,
        other_regulator,
        consumer,
    )
    matrix(
        f"/enforcement/guidance/{order.pk}/notice.pdf",
        f"/enforcement/guidance/{MISSING}/notice.pdf",
        food_merchant,
        other_regulator,
        consumer,
        api=False,
    )
    matrix(
        f"/enforcement/guidance/{order.pk}/step/",
        f"/enforcement/guidance/{MISSING}/step/",
        food_merchant,
        other_regulator,
        consumer,
        method="post",
        data={"step": "answer", "text": "已在首页公示营业执照信息"},
        api=False,
        permitted_status=302,
    )
    order.refresh_from_db()
    assert (order.state, order.acknowledged_by) == ("answered", food_merchant)
    assert "待签收的行政指导文书" in client_for(food_merchant).get("/").content.decode()


def test_guidance_issue_page(world, regulator, merchant):
    response = client_for(regulator).post(
        "/enforcement/guidance/issue/",
        {"kind": "rectification", "entity_uscc": world["food"].uscc, "content": "责令改正"},
    )
    assert response.status_code == 400
    assert "[ENF-DEADLINE]" in response.content.decode()
    response = client_for(regulator).post(
        "/enforcement/guidance/issue/",
        {
            "kind": "reminder",
            "entity_uscc": world["food"].uscc,
            "content": "提醒依法明码标价，避免价格违法",
        },
    )
    assert response.status_code == 302
    assert Guidance.objects.get().kind == "reminder"
    assert client_for(merchant).post("/enforcement/guidance/issue/", {}).status_code == 404


def test_case_from_clue_and_register_posts(world, regulator, other_regulator, merchant):
    from wangjian.monitoring.actions import confirm_findings
    from wangjian.monitoring.models import Finding
    from wangjian.monitoring.tests.factories import feed_batch

    feed_batch(regulator, world)
    clue = confirm_findings(
        actor=regulator,
        finding_ids=[f.pk for f in Finding.objects.filter(item__external_id="L-1")],
        note="直播间宣称国家级",
    )
    before = AuditEvent.objects.count()
    assert (
        client_for(merchant).post("/enforcement/from-clue/", {"clue": clue.pk}).status_code == 404
    )
    # Another bureau's clue answers like a missing one.
    other = client_for(other_regulator)
    assert other.post("/enforcement/from-clue/", {"clue": clue.pk}).status_code == 404
    assert other.post("/enforcement/from-clue/", {"clue": MISSING}).status_code == 404
    assert Client().post("/enforcement/from-clue/", {"clue": clue.pk}).status_code == 302
    assert AuditEvent.objects.count() == before
    response = client_for(regulator).post("/enforcement/from-clue/", {"clue": clue.pk})
    assert response.status_code == 302
    assert Case.objects.get().clue == clue
    response = client_for(regulator).post(
        "/enforcement/register/",
        {"conduct": "自然人网店销售假冒商品", "person_name": "张三", "found_on": "2026-12-01"},
    )
    assert response.status_code == 302
    assert Case.objects.filter(party_kind="person").count() == 1


def test_register_export(decided, regulator, other_regulator, merchant):
    import io

    from openpyxl import load_workbook

    response = client_for(regulator).get("/enforcement/register.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("案源登记号", "立案号", "决定书文号")
    assert rows[1][1:3] == ("沪市监杨立〔2026〕1号", "沪市监杨处〔2026〕1号")
    other = client_for(other_regulator).get("/enforcement/register.xlsx")
    assert len(list(load_workbook(io.BytesIO(other.content)).active.iter_rows())) == 1
    assert client_for(merchant).get("/enforcement/register.xlsx").status_code == 404


def test_menus_show_only_pages_the_role_can_open(regulator, merchant, consumer):
    from wangjian.core.navigation import items_for

    def labels(user):
        return [str(item.label) for item, _href in items_for(user)]

    assert {"执法办案", "行政指导"} <= set(labels(regulator))
    assert "执法办案" not in labels(merchant)
    assert "行政指导" in labels(merchant)
    assert not {"执法办案", "行政指导"} & set(labels(consumer))


def _pdftotext(pdf: bytes, tmp_path, name: str) -> list[str]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return output.split("\f")


def test_the_documents_read_back_with_party_articles_and_numbers(
    decided, regulator, other_regulator, merchant, tmp_path, order
):
    pages = {}
    for slug in ("filing-approval", "penalty-notice", "penalty-decision"):
        response = matrix(
            f"/enforcement/cases/{decided.pk}/{slug}.pdf",
            f"/enforcement/cases/{MISSING}/{slug}.pdf",
            regulator,
            other_regulator,
            merchant,
            api=False,
        )
        assert response["Content-Type"] == "application/pdf"
        pages[slug] = _pdftotext(response.content, tmp_path, slug)
    for slug, text in pages.items():
        first = " ".join(text[0].split())
        assert first.strip(), slug
        assert "上海杨浦甲乙食品有限公司" in first, slug
        assert "上海市杨浦区市场监督管理局" in first, slug
    joined = {slug: "".join("".join(text).split()) for slug, text in pages.items()}
    assert "沪市监杨案源〔2026〕1号" in joined["filing-approval"]
    assert "沪市监杨立〔2026〕1号" in joined["filing-approval"]
    assert "《中华人民共和国广告法》第五十七条" in joined["filing-approval"]
    assert "沪市监杨立〔2026〕1号" in joined["penalty-notice"]
    assert "2026年12月9日前" in joined["penalty-notice"]
    assert "沪市监杨处〔2026〕1号" in joined["penalty-decision"]
    assert "罚款人民币200000.00元" in joined["penalty-decision"]
    assert "《中华人民共和国广告法》第五十七条" in joined["penalty-decision"]
    assert "自收到本决定书之日起15日内" in joined["penalty-decision"]
    actions.serve_decision(actor=regulator, case=decided, on=TODAY)
    actions.record_execution(actor=regulator, case=decided, note="罚款已缴清", on=TODAY)
    actions.approval_step(
        actor=regulator,
        case=decided,
        subject="closing",
        stage="propose",
        opinion="已执行完毕，建议结案",
        on=TODAY,
    )
    for slug, expected in (
        ("service-receipt", "送达文书名称及文号行政处罚决定书沪市监杨处〔2026〕1号"),
        ("closing-approval", "结案审批表"),
    ):
        response = client_for(regulator).get(f"/enforcement/cases/{decided.pk}/{slug}.pdf")
        assert response.status_code == 200, slug
        text = "".join("".join(_pdftotext(response.content, tmp_path, slug)).split())
        assert expected in text, slug
        assert "上海杨浦甲乙食品有限公司" in text, slug
    response = client_for(regulator).get(f"/enforcement/guidance/{order.pk}/notice.pdf")
    text = "".join("".join(_pdftotext(response.content, tmp_path, "order")).split())
    assert "责令改正通知书" in text
    assert "上海杨浦甲乙食品有限公司" in text
    assert "沪市监杨指〔2026〕1号" in text
    assert "2026年12月16日前改正" in text
    assert "《中华人民共和国电子商务法》第十五条" in text


def test_a_document_with_a_blank_deadline_is_refused(world, regulator, reviewer, section_chief):
    # Found in 2027 without that year's working-day table: the verification deadline is blank.
    case = actions.register_case(
        actor=regulator,
        conduct="网店未明码标价",
        entity=world["food"],
        found_on=dt.date(2027, 1, 5),
    )
    assert case.verification_due is None
    actions.approval_step(
        actor=regulator,
        case=case,
        subject="filing",
        stage="propose",
        opinion="建议立案",
        payload={"file": True},
        on=TODAY,
    )
    assert (
        client_for(regulator)
        .get(f"/enforcement/cases/{case.pk}/no-filing-approval.pdf")
        .status_code
        == 400
    )
    response = client_for(regulator).get(f"/enforcement/cases/{case.pk}/filing-approval.pdf")
    assert response.status_code == 400
    assert "[ENF-DEADLINE]" in response.content.decode()
    assert "核查期限为空" in response.content.decode()
