"""API scoping: the platform's token reaches its own data and nothing of another platform."""

from django.test import Client

from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_api_token
from wangjian.platforms.actions import record_year_inputs, start_assessment

LINES = [
    {
        "name": "综合电商",
        "category": "online_sales",
        "subtype": "comprehensive_goods",
        "is_main": True,
        "is_core": True,
    }
]


def classify(platform, regulator):
    return record_year_inputs(
        actor=regulator,
        platform=platform,
        year=2025,
        annual_active_users=60_000_000,
        business_lines=LINES,
        market_value_100m="1200",
        restriction_ability="strong",
        source="年报",
    )


def test_classification_endpoint_scoping(platform, regulator, other_regulator, merchant):
    outcome = classify(platform, regulator)
    case = ScopingCase(
        url=f"/api/v1/platforms/classifications/{outcome.pk}/",
        missing_url="/api/v1/platforms/classifications/999999/",
    )
    response = assert_scoping_matrix(
        case, permitted=regulator, other_jurisdiction=other_regulator, no_permission=merchant
    )
    body = response.json()
    assert (body["tier"], body["tier_label"]) == ("large", "大型平台")
    assert (
        body["draft_guidance"] == "《互联网平台分类分级指南（征求意见稿）》（征求意见稿）2021-10-29"
    )


def test_obligations_endpoint_scoping(platform, regulator, other_regulator, merchant):
    case = ScopingCase(
        url=f"/api/v1/platforms/obligations/{platform.pk}/?period=2026H1",
        missing_url="/api/v1/platforms/obligations/999999/?period=2026H1",
    )
    response = assert_scoping_matrix(
        case, permitted=regulator, other_jurisdiction=other_regulator, no_permission=merchant
    )
    statuses = {o["key"]: o["status"] for o in response.json()["obligations"]}
    # No 报送 for 2026H1 and its due date (2026-07-31) has passed on the suite's day.
    assert statuses["half_yearly_submission"] == "not_met"
    assert statuses["display_rules"] == "not_met"


def test_assessment_endpoint_scoping(platform, platform_user, regulator, other_regulator, consumer):
    assessment = start_assessment(actor=platform_user, platform=platform)
    case = ScopingCase(
        url=f"/api/v1/platforms/assessments/{assessment.pk}/",
        missing_url="/api/v1/platforms/assessments/999999/",
    )
    response = assert_scoping_matrix(
        case, permitted=regulator, other_jurisdiction=other_regulator, no_permission=consumer
    )
    assert response.json()["state"] == "draft"


def test_a_platform_token_reaches_its_own_data_only(
    platform, platform_user, other_platform, other_platform_user, regulator
):
    classify(platform, regulator)
    classify(other_platform, regulator)
    own = start_assessment(actor=platform_user, platform=platform)
    start_assessment(actor=other_platform_user, platform=other_platform)
    client = Client(HTTP_AUTHORIZATION=f"Token {make_api_token(platform_user)}")
    classifications = client.get("/api/v1/platforms/classifications/").json()
    assert [c["platform"] for c in classifications["results"]] == [platform.pk]
    assessments = client.get("/api/v1/platforms/assessments/").json()
    assert [a["id"] for a in assessments["results"]] == [own.pk]
    assert client.get(f"/api/v1/platforms/obligations/{platform.pk}/").status_code == 200
    assert client.get(f"/api/v1/platforms/obligations/{other_platform.pk}/").status_code == 404
    listing = client.get("/api/v1/platforms/obligations/").json()
    assert listing == [{"platform": platform.pk, "name": platform.name}]


def test_a_platform_token_fills_in_and_submits_its_self_assessment(
    platform, platform_user, other_platform_user
):
    import time_machine

    from wangjian.platforms.tests.test_self_assessment import SUBMITTED_ON, answer_set

    assessment = start_assessment(actor=platform_user, platform=platform)
    url = f"/api/v1/platforms/assessments/{assessment.pk}/"
    other = Client(HTTP_AUTHORIZATION=f"Token {make_api_token(other_platform_user)}")
    assert (
        other.post(url + "answers/", {"answers": {}}, content_type="application/json").status_code
        == 404
    )
    client = Client(HTTP_AUTHORIZATION=f"Token {make_api_token(platform_user)}")
    bad = client.post(
        url + "answers/",
        {"answers": {"pi_notice": {"answer": "maybe"}}},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "答复 'maybe' 无效" in bad.json()["detail"]
    saved = client.post(
        url + "answers/", {"answers": answer_set()}, content_type="application/json"
    )
    assert saved.status_code == 200
    with time_machine.travel(SUBMITTED_ON.isoformat() + "T10:00:00+08:00"):
        submitted = client.post(url + "submit/")
    assert submitted.status_code == 200
    body = submitted.json()
    assert (body["state"], body["score"]) == ("submitted", "72.0")
    assert len(body["rectifications"]) == 5


def test_assessment_answer_and_submit_endpoints_scoping(
    platform, platform_user, other_platform_user, consumer
):
    import time_machine

    from wangjian.platforms.tests.test_self_assessment import SUBMITTED_ON, answer_set

    assessment = start_assessment(actor=platform_user, platform=platform)
    actors = {
        "permitted": platform_user,
        "other_jurisdiction": other_platform_user,
        "no_permission": consumer,
    }
    assert_scoping_matrix(
        ScopingCase(
            url=f"/api/v1/platforms/assessments/{assessment.pk}/answers/",
            missing_url="/api/v1/platforms/assessments/999999/answers/",
            method="post",
            data={"answers": answer_set()},
        ),
        **actors,
    )
    with time_machine.travel(SUBMITTED_ON.isoformat() + "T10:00:00+08:00"):
        response = assert_scoping_matrix(
            ScopingCase(
                url=f"/api/v1/platforms/assessments/{assessment.pk}/submit/",
                missing_url="/api/v1/platforms/assessments/999999/submit/",
                method="post",
                data={},
            ),
            **actors,
        )
    assert (response.json()["state"], response.json()["score"]) == ("submitted", "72.0")
