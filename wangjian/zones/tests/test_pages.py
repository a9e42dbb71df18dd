"""Pages and API: scoping, the step forms, the indicator board and the public zone page."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.browser import chromium_page
from wangjian.zones import actions
from wangjian.zones.lifecycle import add_years
from wangjian.zones.models import Objection
from wangjian.zones.tests.helpers import score_all, to_creating, to_evaluating

D = dt.date


@pytest.fixture
def creating(programme, applicant, city_bureau, province_admin):
    return to_creating(
        programme=programme,
        applicant=applicant,
        city_bureau=city_bureau,
        province_admin=province_admin,
    )


def _in_notice(application, applicant, province_admin, evaluator_unit, evaluator):
    to_evaluating(
        application=application,
        applicant=applicant,
        province_admin=province_admin,
        evaluator_unit=evaluator_unit,
        evaluator=evaluator,
    )
    score_all(application=application, evaluator=evaluator, scores={})
    actions.issue_evaluation_report(
        actor=evaluator, application=application, on=D(2026, 9, 20), conclusion="符合条件"
    )
    actions.start_public_notice(
        actor=province_admin, application=application, on=timezone.localdate()
    )
    return application


def test_application_page_scoping(creating, applicant, other_applicant, consumer):
    assert_scoping_matrix(
        ScopingCase(url=f"/zones/{creating.pk}/", missing_url="/zones/999999/", api=False),
        permitted=applicant,
        other_jurisdiction=other_applicant,
        no_permission=consumer,
    )


def test_application_api_scoping(creating, city_bureau, other_city_bureau, merchant):
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/api/v1/zones/applications/{creating.pk}/",
            missing_url="/api/v1/zones/applications/999999/",
        ),
        permitted=city_bureau,
        other_jurisdiction=other_city_bureau,
        no_permission=merchant,
    )
    body = response.json()
    assert (body["state"], body["creation_deadline"], body["division"]) == (
        "creating",
        "2026-09-22",
        "330110000000",
    )
    assert [step["step"] for step in body["steps"]] == [
        "prepare",
        "consent",
        "submit",
        "review",
        "approve",
    ]


def test_evaluators_see_only_applications_entrusted_to_them(
    creating, applicant, province_admin, evaluator_unit, evaluator, other_evaluator
):
    client = Client()
    client.force_login(evaluator)
    assert client.get("/api/v1/zones/applications/").json()["count"] == 0
    to_evaluating(
        application=creating,
        applicant=applicant,
        province_admin=province_admin,
        evaluator_unit=evaluator_unit,
        evaluator=evaluator,
    )
    assert client.get("/api/v1/zones/applications/").json()["count"] == 1
    client.force_login(other_evaluator)
    assert client.get(f"/zones/{creating.pk}/").status_code == 404


def test_a_refused_step_comes_back_in_the_readers_language_only(creating, applicant):
    client = Client()
    client.force_login(applicant)
    response = client.post(
        f"/zones/{creating.pk}/step/apply_acceptance/",
        {
            "apply_acceptance-on": "2026-09-01",
            "apply_acceptance-work_report": "报告",
            "apply_acceptance-special_policies": "政策",
            "apply_acceptance-city_opinion": "",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "表单有误：" in text
    assert "invalid form" not in text
    late = {
        "apply_acceptance-on": "2026-09-30",
        "apply_acceptance-work_report": "报告",
        "apply_acceptance-special_policies": "政策",
        "apply_acceptance-city_opinion": "意见",
    }
    url = f"/zones/{creating.pk}/step/apply_acceptance/"
    text = client.post(url, late, follow=True).content.decode()
    assert "创建期限已于 2026-09-22 届满,不能再申请验收(第二十三条)" in text
    assert "the creation period ended on 2026-09-22" not in text
    client.cookies["django_language"] = "en"
    text = client.post(url, late, follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "the creation period ended on 2026-09-22" in text
    assert "创建期限已于 2026-09-22 届满" not in text


def test_indicator_board_shows_entered_and_computed_figures(creating, applicant):
    from wangjian.core.choices import OrgUnitKind
    from wangjian.core.tests.factories import make_org_unit

    make_org_unit("临平市场监督管理所", creating.division, OrgUnitKind.STATION, applicant.org_unit)
    actions.enter_indicator_value(
        actor=applicant,
        application=creating,
        indicator_key="online_economy_gdp_share",
        period="2025",
        value="12.5",
        comparison_value="9.9",
        source="区统计局",
    )
    client = Client()
    client.force_login(applicant)
    text = client.get(f"/zones/{creating.pk}/indicators/").content.decode()
    assert "网络经济占GDP比重(%)" in text
    assert "<td>12.5</td><td>9.9(全国平均水平)</td><td>区统计局</td>" in text
    # 1 station and 1 section chief from wangjian's own data.
    assert (
        "辖区市场监督管理所数量(个)<br><small>系统计算</small></td><td>当前</td><td>1</td>" in text
    )
    # The registry has no shops in this zone: zero operators, and no base for a growth rate.
    assert "网络经营主体数量(户)<br><small>系统计算</small></td><td>截至" in text
    assert "</td><td>0</td><td></td><td>网络经营主体数据库(平台报送)</td>" in text
    assert "暂无数据来源" in text
    assert "registry.online_operator_growth" not in text
    # No complaints in this zone: none handled, no step to judge, no group complaint.
    today = timezone.localdate()
    year = f"{add_years(today, -1) + dt.timedelta(days=1)}至{today}"
    assert (
        f"网络消费投诉举报处理量(件)<br><small>系统计算</small></td><td>{year}</td><td>0</td>"
        in text
    )
    assert "complaints.timely_rate_in_zone" not in text
    assert (
        "近三年无涉及网络经营的群体性投诉举报(是/否)<br><small>系统计算</small></td><td>"
        f"{add_years(today, -3) + dt.timedelta(days=1)}至{today}</td><td>是</td>" in text
    )
    assert "zones/vendor/echarts.min.js" in text
    csv = client.get(f"/zones/{creating.pk}/indicators.csv").content.decode("utf-8-sig")
    assert "网络经济占GDP比重,2025,12.5,%,9.9,区统计局,zj-zone-measures-2017:8.1" in csv
    assert "辖区监管执法人员数量,当前,1,人,,网监用户名录,zj-zone-measures-2017:9.2" in csv
    assert f"网络消费投诉举报处理量,{year},0,件,,投诉举报数据库：" in csv


def test_public_pages_hide_applications_before_evaluation(creating):
    client = Client()
    assert client.get(f"/zones/public/{creating.public_id}/").status_code == 404
    assert client.get("/zones/public/").status_code == 200


@pytest.mark.browser
def test_public_zone_page_shows_the_notice_and_accepts_an_objection(
    live_server,
    transactional_db,
    programme,
    applicant,
    city_bureau,
    province_admin,
    evaluator_unit,
    evaluator,
):
    application = to_creating(
        programme=programme,
        applicant=applicant,
        city_bureau=city_bureau,
        province_admin=province_admin,
    )
    _in_notice(application, applicant, province_admin, evaluator_unit, evaluator)
    application.refresh_from_db()
    with chromium_page() as page:
        page.goto(f"{live_server.url}/zones/public/{application.public_id}/")
        assert page.locator("[data-testid=zone-state]").inner_text() == "公示中"
        notice = page.locator("[data-testid=zone-notice]").inner_text()
        start = application.notice_starts_on
        end = application.notice_ends_on
        assert f"公示期自 {start.year}年{start.month}月{start.day}日 起至 " in notice
        assert f"{end.year}年{end.month}月{end.day}日 止(7个工作日)" in notice
        assert "第二十五条" in notice
        page.fill("input[name=name]", "李四")
        page.fill("input[name=contact]", "13900000000")
        page.fill("textarea[name=text]", "某直播基地存在虚假宣传")
        page.click("[data-testid=objection-form] button[type=submit]")
        page.wait_for_selector(".messages")
        assert "异议已收到" in page.locator(".messages").inner_text()
    objection = Objection.objects.get(application=application)
    assert (objection.name, objection.text, objection.submitted_on) == (
        "李四",
        "某直播基地存在虚假宣传",
        timezone.localdate(),
    )
    event = AuditEvent.objects.get(event_type="zones.objection_submitted")
    assert "李四" not in str(event.after)


def test_roles_take_their_steps_through_the_pages(
    programme, applicant, city_bureau, province_admin
):
    client = Client()
    client.force_login(applicant)
    response = client.post(
        "/zones/new/",
        {
            "programme": programme.pk,
            "name": "余杭区示范区",
            "on": "2025-08-25",
            "goals": "目标一\n目标二",
        },
    )
    application_id = int(response["Location"].strip("/").split("/")[-1])
    page = client.get(f"/zones/{application_id}/").content.decode()
    assert 'data-testid="step-consent"' not in page  # the applicant cannot consent for itself

    client.force_login(city_bureau)
    page = client.get(f"/zones/{application_id}/").content.decode()
    assert 'data-testid="step-consent"' in page
    client.post(
        f"/zones/{application_id}/step/consent/",
        {"consent-on": "2025-09-01", "consent-document": "杭市监函〔2025〕1号"},
    )
    client.force_login(applicant)
    client.post(
        f"/zones/{application_id}/step/submit/",
        {
            "submit-on": "2025-09-03",
            "submit-application_report": "报告",
            "submit-overall_plan": "方案",
            "submit-action_plan": "计划",
        },
    )
    client.force_login(province_admin)
    page = client.get(f"/zones/{application_id}/").content.decode()
    assert 'data-testid="step-review"' in page
    assert 'data-testid="step-reject"' in page
    client.post(
        f"/zones/{application_id}/step/review/",
        {"review-on": "2025-09-10", "review-opinion": "齐全"},
    )
    response = client.post(
        f"/zones/{application_id}/step/approve/",
        {"approve-on": "2025-09-22", "approve-meeting": "办公会", "approve-document": "文号"},
        follow=True,
    )
    assert "已办理「发文同意创建」。" in response.content.decode()
    body = client.get(f"/api/v1/zones/applications/{application_id}/").json()
    assert (body["state"], body["goals"], body["creation_deadline"]) == (
        "creating",
        ["目标一", "目标二"],
        "2026-09-22",
    )


def test_the_public_answers_the_questionnaire_without_signing_in(
    creating, applicant, province_admin, evaluator_unit, evaluator
):
    to_evaluating(
        application=creating,
        applicant=applicant,
        province_admin=province_admin,
        evaluator_unit=evaluator_unit,
        evaluator=evaluator,
    )
    client = Client()
    url = f"/zones/public/{creating.public_id}/"
    assert 'data-testid="zone-questionnaire"' not in client.get(url).content.decode()
    actions.open_questionnaire(actor=evaluator, application=creating, on=D(2026, 9, 5))
    assert "您对本地网络市场秩序的满意程度" in client.get(url).content.decode()
    response = client.post(
        f"{url}questionnaire/",
        {"market_order": "5", "complaint_handling": "4", "public_service": "9"},
        follow=True,
    )
    assert "问题「您对网络经济相关政务服务的满意程度」须选择 1 至 5 分" in response.content.decode()
    client.post(
        f"{url}questionnaire/",
        {"market_order": "5", "complaint_handling": "4", "public_service": "3"},
    )
    assert list(creating.questionnaire_responses.values_list("answers", flat=True)) == [
        {"market_order": 5, "complaint_handling": 4, "public_service": 3}
    ]


def test_home_cards_count_what_each_user_sees(creating, province_admin, other_applicant):
    from wangjian.core.home import cards_for

    def zone_cards(user):
        return {
            str(card.label): card.value
            for card in cards_for(user)
            if str(card.label) in ("示范区创建申请", "逾期未报年度总结")
        }

    assert zone_cards(province_admin) == {"示范区创建申请": 1, "逾期未报年度总结": 0}
    assert zone_cards(other_applicant) == {"示范区创建申请": 0, "逾期未报年度总结": 0}


def test_indicator_board_reads_the_digital_economy_rounds(creating, applicant):
    """The zone board shows collaboration's 数字经济监测指标 for the bureau holding the zone,
    the same stored values, not a copy."""
    from wangjian.collaboration.actions import open_round
    from wangjian.collaboration.models import IndicatorValue

    client = Client()
    client.force_login(applicant)
    before = client.get(f"/zones/{creating.pk}/indicators/").content.decode()
    assert 'data-testid="digital-economy"' not in before
    opened = open_round(actor=applicant, period="2026q3")
    IndicatorValue.objects.filter(round=opened, indicator="online_shops").update(value=7)
    text = client.get(f"/zones/{creating.pk}/indicators/").content.decode()
    table = text.split('data-testid="digital-economy"')[1].split("</table>")[0]
    assert "<th>2026Q3</th>" in table
    assert "<td>辖区网店数（在营）（家）</td><td>7.00</td>" in table
