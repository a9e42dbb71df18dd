"""数据合规自评估: scoring and gaps computed by hand for one answer set, deadlines on the
working-day calendar, review, and the XLSX export."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.platforms.actions import (
    complete_rectification,
    review_assessment,
    save_answers,
    start_assessment,
    submit_assessment,
)
from wangjian.platforms.error_codes import PlatformNotPermitted, PlatformRefused
from wangjian.platforms.selfassessment import current_questionnaire, score

# The fixture answer set. Worked by hand from data-compliance-2026.1.yaml (weight × fraction):
#   pi_lawful_basis 10 partial 5 | pi_notice 8 yes 8 | pi_sensitive_consent n/a
#   pi_impact_assessment 6 no 0 | ds_classification 8 yes 8 | ds_management_system 6 partial 3
#   ds_incident_response 6 yes 6 | nd_risk_assessment n/a | nd_platform_rules 6 yes 6
#   cb_mechanism n/a | minor_consent 6 no 0 | algo_opt_out 6 yes 6 | algo_filing n/a
#   algo_no_price_discrimination 8 yes 8 | retention_minimum 6 yes 6 | deletion_on_request 6
#   partial 3
# possible = 82, earned = 59, score = 59 / 82 × 100 = 71.95… → 72.0
ANSWERS = {
    "pi_lawful_basis": "partial",
    "pi_notice": "yes",
    "pi_sensitive_consent": "not_applicable",
    "pi_impact_assessment": "no",
    "ds_classification": "yes",
    "ds_management_system": "partial",
    "ds_incident_response": "yes",
    "nd_risk_assessment": "not_applicable",
    "nd_platform_rules": "yes",
    "cb_mechanism": "not_applicable",
    "minor_consent": "no",
    "algo_opt_out": "yes",
    "algo_filing": "not_applicable",
    "algo_no_price_discrimination": "yes",
    "retention_minimum": "yes",
    "deletion_on_request": "partial",
}
SUBMITTED_ON = dt.date(2026, 3, 2)  # a Monday


def answer_set(answers=ANSWERS) -> dict:
    return {key: {"answer": value, "evidence": f"材料-{key}"} for key, value in answers.items()}


def test_the_fixture_answer_set_scores_as_computed_by_hand():
    result = score(current_questionnaire(), answer_set())
    assert (result.earned, result.possible, result.score) == (
        Decimal(59),
        Decimal(82),
        Decimal("72.0"),
    )
    assert [(gap["item"], gap["lost"]) for gap in result.gaps] == [
        ("minor_consent", "6"),
        ("pi_impact_assessment", "6"),
        ("pi_lawful_basis", "5.0"),
        ("deletion_on_request", "3.0"),
        ("ds_management_system", "3.0"),
    ]
    assert result.gaps[0]["basis"] == [
        "《个人信息保护法》第三十一条",
        "《未成年人网络保护条例》（2024-01-01施行）",
    ]


def test_the_questionnaire_covers_the_seven_topics():
    titles = [topic["title"] for topic in current_questionnaire().topics]
    assert titles == [
        "个人信息处理（个人信息保护法）",
        "重要数据与数据安全（数据安全法）",
        "网络数据处理（网络数据安全管理条例，2025-01-01施行）",
        "数据出境",
        "未成年人个人信息",
        "算法推荐与算法备案",
        "保存与删除",
    ]


def test_submitting_plans_rectification_on_the_working_day_calendar(platform, platform_user):
    assessment = start_assessment(actor=platform_user, platform=platform)
    save_answers(actor=platform_user, assessment=assessment, answers=answer_set())
    submitted = submit_assessment(actor=platform_user, assessment=assessment, today=SUBMITTED_ON)
    assert (submitted.state, submitted.score) == ("submitted", Decimal("72.0"))
    plan = {
        item.item_key: (item.working_days, item.due_on) for item in submitted.rectifications.all()
    }
    # 15 working days from Mon 2026-03-02: 3–6, 9–13, 16–20, 23 March.
    # 30 working days: … 31 March, 1–3 April, then 清明 (4–6 April) is skipped: 7–10, 13, 14.
    assert plan == {
        "minor_consent": (15, dt.date(2026, 3, 23)),
        "deletion_on_request": (15, dt.date(2026, 3, 23)),
        "pi_lawful_basis": (20, dt.date(2026, 3, 30)),
        "ds_management_system": (20, dt.date(2026, 3, 30)),
        "pi_impact_assessment": (30, dt.date(2026, 4, 14)),
    }


def test_a_draft_is_saved_in_parts_and_cannot_be_submitted_incomplete(platform, platform_user):
    assessment = start_assessment(actor=platform_user, platform=platform)
    save_answers(
        actor=platform_user, assessment=assessment, answers=answer_set({"pi_notice": "yes"})
    )
    assessment.refresh_from_db()
    assert assessment.answers == {
        "pi_notice": {"answer": "yes", "note": "", "evidence": "材料-pi_notice"}
    }
    with pytest.raises(PlatformRefused) as error:
        submit_assessment(actor=platform_user, assessment=assessment, today=SUBMITTED_ON)
    assert "尚有 15 题未答复" in str(error.value)
    with pytest.raises(PlatformRefused) as error:
        save_answers(
            actor=platform_user,
            assessment=assessment,
            answers={"pi_notice": {"answer": "not_applicable"}},
        )
    assert "答复 'not_applicable' 无效" in str(error.value)


def test_a_regulator_returns_then_accepts(platform, platform_user, regulator):
    assessment = start_assessment(actor=platform_user, platform=platform)
    save_answers(actor=platform_user, assessment=assessment, answers=answer_set())
    submit_assessment(actor=platform_user, assessment=assessment, today=SUBMITTED_ON)
    with pytest.raises(PlatformRefused):
        review_assessment(actor=regulator, assessment=assessment, accept=False)
    returned = review_assessment(
        actor=regulator, assessment=assessment, accept=False, comment="请补充影响评估报告"
    )
    assert returned.state == "returned"
    save_answers(
        actor=platform_user,
        assessment=assessment,
        answers=answer_set({"pi_impact_assessment": "yes"}),
    )
    again = submit_assessment(actor=platform_user, assessment=assessment, today=SUBMITTED_ON)
    # 6 more points earned: 65 / 82 = 79.26… → 79.3
    assert again.score == Decimal("79.3")
    assert again.rectifications.count() == 4
    accepted = review_assessment(actor=regulator, assessment=assessment, accept=True)
    assert accepted.state == "accepted"
    assert list(accepted.comments.values_list("text", flat=True)) == ["请补充影响评估报告"]
    item = accepted.rectifications.get(item_key="minor_consent")
    complete_rectification(actor=platform_user, item=item, note="上线监护人同意流程")
    item.refresh_from_db()
    assert item.completed_on == dt.date(2026, 12, 2)


def test_another_platform_cannot_touch_the_assessment(platform, platform_user, other_platform_user):
    assessment = start_assessment(actor=platform_user, platform=platform)
    with pytest.raises(PlatformNotPermitted):
        save_answers(actor=other_platform_user, assessment=assessment, answers=answer_set())


def test_assessment_page_scoping(platform, platform_user, regulator, other_regulator, consumer):
    assessment = start_assessment(actor=platform_user, platform=platform)
    case = ScopingCase(
        url=reverse("platforms:assessment", args=[assessment.pk]),
        missing_url=reverse("platforms:assessment", args=[999999]),
        api=False,
    )
    assert_scoping_matrix(
        case, permitted=regulator, other_jurisdiction=other_regulator, no_permission=consumer
    )


def test_a_platform_never_sees_another_platforms_assessment(
    platform, platform_user, other_platform_user
):
    assessment = start_assessment(actor=platform_user, platform=platform)
    client = Client()
    client.force_login(other_platform_user)
    url = reverse("platforms:assessment", args=[assessment.pk])
    assert client.get(url).status_code == 404
    listing = client.get(reverse("platforms:assessments")).content.decode()
    assert reverse("platforms:assessment", args=[assessment.pk]) not in listing


def test_filling_in_and_submitting_through_the_page(platform, platform_user):
    client = Client()
    client.force_login(platform_user)
    response = client.post(reverse("platforms:assessment-start"), {"platform": platform.pk})
    url = response["Location"]
    data = {"step": "submit"} | {f"answer_{key}": value for key, value in ANSWERS.items()}
    refused = client.post(url, data, follow=True).content.decode()
    # On the suite's day (2026-12-02) the 30-working-day deadline reaches 2027, whose calendar
    # is not entered: the submission is refused rather than given a guessed deadline.
    assert "整改期限涉及尚未录入的工作日历年度" in refused
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        page = client.post(url, data, follow=True).content.decode()
    assert "72.0 分" in page
    assert "已提交待审核" in page


def test_export_lists_the_districts_submissions(
    platform, platform_user, regulator, other_regulator
):
    assessment = start_assessment(actor=platform_user, platform=platform)
    save_answers(actor=platform_user, assessment=assessment, answers=answer_set())
    submit_assessment(actor=platform_user, assessment=assessment, today=SUBMITTED_ON)
    client = Client()
    client.force_login(regulator)
    response = client.get(reverse("platforms:assessment-export"))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["自评估"].iter_rows(values_only=True))
    assert rows[1][:3] == (platform.entity.uscc, platform.entity.name, platform.name)
    assert rows[1][6] == 72.0
    assert book["整改计划"].max_row == 6
    client.force_login(other_regulator)
    other = load_workbook(io.BytesIO(client.get(reverse("platforms:assessment-export")).content))
    assert other["自评估"].max_row == 1


def test_overdue_rectifications_show_on_the_home_page(platform, platform_user):
    assessment = start_assessment(actor=platform_user, platform=platform)
    save_answers(actor=platform_user, assessment=assessment, answers=answer_set())
    submit_assessment(actor=platform_user, assessment=assessment, today=SUBMITTED_ON)
    item = assessment.rectifications.get(item_key="minor_consent")
    complete_rectification(actor=platform_user, item=item, note="已上线监护人同意流程")
    client = Client()
    client.force_login(platform_user)
    home = client.get(reverse("core:home")).content.decode()
    # On the suite's day (2026-12-02) the four open items, due in March and April, are overdue.
    card = home.split('data-card="逾期未完成的整改事项"', 1)[1].split("</article>", 1)[0]
    assert '<div class="card-value" data-testid="card-value">4</div>' in card


def test_a_merchant_assesses_its_own_entity_only(register, merchant, regulator, other_regulator):
    from wangjian.registry.actions import link_merchant_account

    link_merchant_account(actor=None, user=merchant, entity=register["food"])
    own = start_assessment(actor=merchant, entity=register["food"])
    assert (own.division, own.platform) == (register["food"].division, None)
    with pytest.raises(PlatformNotPermitted):
        start_assessment(actor=merchant, entity=register["tech"])
    url = reverse("platforms:assessment", args=[own.pk])
    client = Client()
    client.force_login(regulator)
    assert client.get(url).status_code == 200
    client.force_login(other_regulator)
    assert client.get(url).status_code == 404


def test_topic_scores_are_kept_for_comparison_across_submissions(platform, platform_user):
    assessment = start_assessment(actor=platform_user, platform=platform)
    save_answers(actor=platform_user, assessment=assessment, answers=answer_set())
    submitted = submit_assessment(actor=platform_user, assessment=assessment, today=SUBMITTED_ON)
    # Personal information: 5 + 8 + 0 of 10 + 8 + 6 (sensitive consent n/a) = 13 / 24 = 54.2 %;
    # cross-border: its only item is n/a, so no percentage.
    assert submitted.topic_scores["个人信息处理（个人信息保护法）"] == "54.2"
    assert submitted.topic_scores["数据出境"] == "—"
    assert submitted.topic_scores["保存与删除"] == "75.0"
    client = Client()
    client.force_login(platform_user)
    page = client.get(reverse("platforms:assessment", args=[assessment.pk])).content.decode()
    history = page.split('data-testid="history"', 1)[1]
    assert "<td>54.2</td>" in history
