"""The rubric as data and its scoring, with totals computed by hand."""

import datetime as dt
from decimal import Decimal

import pytest
import yaml

from wangjian.zones import actions
from wangjian.zones.actions.programmes import load_programme_document, load_programmes
from wangjian.zones.lifecycle import ZoneStepRefused, notice_end
from wangjian.zones.models import Programme, RubricItem
from wangjian.zones.programmes import (
    PROGRAMME_DIRECTORY,
    ProgrammeDataError,
    article_label,
    cite_rule,
)
from wangjian.zones.tests.helpers import score_all, to_creating, to_evaluating

D = dt.date


def test_rubric_items_come_from_articles_8_to_18_with_weights_guidance_and_evidence(programme):
    items = list(RubricItem.objects.filter(programme=programme))
    assert [item.name for item in items[:12]] == [
        "产业规模",
        "网络生态",
        "增长动能",
        "监管秩序",
        "监管机制",
        "监管手段",
        "政务环境",
        "平台支撑",
        "基础设施",
        "协同发展",
        "社会效益",
        "自律水平",
    ]
    assert [item.article for item in items[12:]] == ["12", "13", "14", "15", "16", "17", "18"]
    assert sum(item.weight for item in items) + programme.social_weight == Decimal(100)
    assert all(item.guidance and item.evidence_needed for item in items)
    assert programme.rubric_verification == "unconfirmed"


def test_rules_cite_their_articles(programme):
    creation = cite_rule(programme, "creation_period")
    assert (creation["label"], creation["value"], creation["key"]) == (
        "第二十三条",
        1,
        "zj-zone-measures-2017:23",
    )
    assert creation["text"].startswith("创建工作应当在浙江省工商行政管理局正式批准之日起一年内完成")
    assert cite_rule(programme, "public_notice_period")["label"] == "第二十五条"
    assert cite_rule(programme, "validity_period")["label"] == "第三十三条"
    assert cite_rule(programme, "sanctions")["label"] == "第三十五条"
    assert article_label("8.1") == "第八条第(一)项"
    assert notice_end(programme, D(2026, 9, 30)) == D(2026, 10, 15)


def test_loading_programmes_twice_changes_nothing_and_a_changed_version_is_refused(programme):
    assert load_programmes(actor=None) == {"created": 0, "unchanged": 2}
    path = PROGRAMME_DIRECTORY / "zj-zone-measures-2017.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["rules"]["public_notice_period"]["value"] = 5
    with pytest.raises(ProgrammeDataError, match="修改规则须新增版本"):
        load_programme_document(actor=None, document=document, source="edited")
    document["version"] = "2017-07-11-b"
    assert load_programme_document(actor=None, document=document, source="edited") is True
    assert Programme.objects.filter(key="zj-zone-programme-2017").count() == 2


@pytest.fixture
def evaluating(programme, applicant, city_bureau, province_admin, evaluator_unit, evaluator):
    application = to_creating(
        programme=programme,
        applicant=applicant,
        city_bureau=city_bureau,
        province_admin=province_admin,
    )
    return to_evaluating(
        application=application,
        applicant=applicant,
        province_admin=province_admin,
        evaluator_unit=evaluator_unit,
        evaluator=evaluator,
    )


def test_half_marks_and_a_lukewarm_public_fail_the_pass_mark(evaluating, evaluator):
    items = evaluating.programme.rubric_items.all()
    score_all(
        application=evaluating,
        evaluator=evaluator,
        scores={item.key: item.weight / 2 for item in items},
    )
    actions.open_questionnaire(actor=evaluator, application=evaluating, on=D(2026, 9, 5))
    actions.submit_questionnaire_response(
        application=evaluating,
        answers={"market_order": 3, "complaint_handling": 2, "public_service": 4},
    )
    actions.submit_questionnaire_response(
        application=evaluating,
        answers={"market_order": 2, "complaint_handling": 3, "public_service": 3},
    )
    report = actions.issue_evaluation_report(
        actor=evaluator, application=evaluating, on=D(2026, 9, 20), conclusion="不符合条件"
    )
    # 88 / 2 = 44.00; answers 3+2+4+2+3+3 = 17 over 6, (17/6 − 1) / 4 × 12 = 5.50.
    assert (report.professional_score, report.social_score, report.total_score) == (
        Decimal("44.00"),
        Decimal("5.50"),
        Decimal("49.50"),
    )
    assert report.figures["groups"] == {"创建基础": "24.00", "创建内容": "20.00"}
    assert report.figures["social_details"] == {"responses": 2, "average": "2.83"}
    assert report.passed is False


def test_scores_outside_the_weight_without_evidence_or_incomplete_are_refused(
    evaluating, evaluator
):
    with pytest.raises(ZoneStepRefused) as caught:
        actions.score_item(
            actor=evaluator,
            application=evaluating,
            item_key="supervision_level",
            score="8.5",
            evidence="案件统计",
            on=D(2026, 9, 10),
        )
    assert caught.value.code == "score_out_of_range"
    assert "指标「网络监管水平」的得分须在 0 至 8.00 之间,收到 8.5" in caught.value.chinese
    with pytest.raises(ZoneStepRefused) as caught:
        actions.score_item(
            actor=evaluator,
            application=evaluating,
            item_key="policies",
            score=6,
            evidence="  ",
            on=D(2026, 9, 10),
        )
    assert caught.value.code == "evidence_missing"
    actions.score_item(
        actor=evaluator,
        application=evaluating,
        item_key="policies",
        score=6,
        evidence="发展规划",
        on=D(2026, 9, 10),
    )
    with pytest.raises(ZoneStepRefused) as caught:
        actions.issue_evaluation_report(
            actor=evaluator, application=evaluating, on=D(2026, 9, 20), conclusion=""
        )
    assert caught.value.code == "items_unscored"
    assert "尚有 18 项指标未评分" in caught.value.chinese


def test_a_declared_conflict_ends_the_entrustment(
    programme, applicant, city_bureau, province_admin, evaluator_unit, evaluator
):
    application = to_creating(
        programme=programme,
        applicant=applicant,
        city_bureau=city_bureau,
        province_admin=province_admin,
    )
    actions.apply_for_acceptance(
        actor=applicant,
        application=application,
        on=D(2026, 9, 1),
        materials={"work_report": "a", "special_policies": "b", "city_opinion": "c"},
    )
    actions.entrust_evaluator(
        actor=province_admin,
        application=application,
        on=D(2026, 9, 2),
        evaluator_unit=evaluator_unit,
    )
    with pytest.raises(ZoneStepRefused) as caught:
        actions.declare_conflict_of_interest(
            actor=evaluator,
            application=application,
            on=D(2026, 9, 3),
            has_conflict=True,
            statement="本机构曾为该区编制创建方案",
        )
    assert caught.value.code == "conflict_of_interest"
    application.refresh_from_db()
    assert application.state == "acceptance_applied"
    assert not hasattr(application, "assignment")


def test_acceptance_is_refused_after_the_creation_period(
    programme, applicant, city_bureau, province_admin
):
    application = to_creating(
        programme=programme,
        applicant=applicant,
        city_bureau=city_bureau,
        province_admin=province_admin,
    )
    with pytest.raises(ZoneStepRefused) as caught:
        actions.apply_for_acceptance(
            actor=applicant,
            application=application,
            on=D(2026, 9, 23),
            materials={"work_report": "a", "special_policies": "b", "city_opinion": "c"},
        )
    assert caught.value.code == "creation_period_over"
    assert "创建期限已于 2026-09-22 届满" in caught.value.chinese


def test_only_counties_inside_the_territory_may_apply(programme, zhejiang, city_bureau, regulator):
    with pytest.raises(ZoneStepRefused) as caught:
        actions.prepare_application(
            actor=city_bureau, programme=programme, name="杭州市", on=D(2025, 8, 1)
        )
    assert caught.value.code == "not_eligible"
    assert "(第四条)" in caught.value.chinese
    with pytest.raises(ZoneStepRefused) as caught:
        actions.prepare_application(
            actor=regulator, programme=programme, name="杨浦区", on=D(2025, 8, 1)
        )
    assert caught.value.code == "outside_territory"
