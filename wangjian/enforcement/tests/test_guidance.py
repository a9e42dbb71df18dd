import datetime as dt

import pytest

from wangjian.core.choices import Role
from wangjian.core.models import AuditEvent
from wangjian.core.tests.factories import make_user
from wangjian.enforcement import actions
from wangjian.enforcement.actions import EnforcementError
from wangjian.enforcement.actions.common import EnforcementNotPermitted
from wangjian.enforcement.choices import ErrorCode, GuidanceState
from wangjian.enforcement.models import Guidance

TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def platform_user(world):
    from wangjian.registry.tests.factories import make_platform_user

    return make_platform_user(world["platform"])


@pytest.fixture
def food_merchant(world):
    from wangjian.registry.models import MerchantAccount

    user = make_user("food_merchant", Role.MERCHANT)
    MerchantAccount.objects.create(user=user, entity=world["food"])
    return user


def test_an_interview_with_a_commitment_becomes_overdue_after_its_follow_up(
    world, regulator, platform_user
):
    interview = actions.issue_guidance(
        actor=regulator,
        kind="interview",
        platform=world["platform"],
        content="平台内直播间多次出现保健食品疾病治疗功能宣传，约谈平台负责人",
        meeting_at=dt.datetime(2026, 11, 10, 14, 0, tzinfo=dt.UTC),
        meeting_place="杨浦区市场监管局三楼会议室",
        participants="平台合规负责人、杨浦区局广告科",
        on=dt.date(2026, 11, 3),
    )
    assert interview.number == "沪市监杨指〔2026〕1号"
    actions.record_interview(
        actor=regulator,
        guidance=interview,
        record_text="平台说明了直播审核流程，承认存在漏审",
        commitment="十个工作日内完成直播间话术排查并提交整改报告",
        follow_up_due=dt.date(2026, 11, 24),
    )
    overdue = Guidance.objects.follow_up_overdue(TODAY)
    assert list(overdue) == [interview]
    assert list(Guidance.objects.follow_up_overdue(dt.date(2026, 11, 24))) == []
    # The platform sees it, signs for it (送达) and answers.
    assert list(Guidance.objects.visible_to(platform_user)) == [interview]
    actions.answer_guidance(
        actor=platform_user, guidance=interview, answer="已下架违规直播回放12条，整改报告见附件"
    )
    interview.refresh_from_db()
    assert interview.state == GuidanceState.ANSWERED
    assert interview.acknowledged_by == platform_user
    assert interview.acknowledged_at is not None
    assert AuditEvent.objects.filter(event_type="enforcement.guidance_acknowledged").count() == 1
    actions.recheck_guidance(
        actor=regulator, guidance=interview, rectified=True, result="复查已整改", on=TODAY
    )
    assert list(Guidance.objects.follow_up_overdue(TODAY)) == []


def test_a_rectification_order_needs_its_deadline_and_is_rechecked(
    world, regulator, food_merchant, platform_user
):
    with pytest.raises(EnforcementError) as refused:
        actions.issue_guidance(
            actor=regulator,
            kind="rectification",
            entity=world["food"],
            content="责令改正未公示营业执照信息的行为",
        )
    assert refused.value.code == ErrorCode.BLANK_DEADLINE
    order = actions.issue_guidance(
        actor=regulator,
        kind="rectification",
        entity=world["food"],
        content="责令于期限内在网店首页公示营业执照信息",
        legal_basis=["ecommerce-law-2018:15"],
        rectification_due=dt.date(2026, 12, 16),
        on=TODAY,
    )
    assert list(Guidance.objects.visible_to(food_merchant)) == [order]
    assert list(Guidance.objects.visible_to(platform_user)) == []
    with pytest.raises(EnforcementError):
        actions.acknowledge_guidance(actor=platform_user, guidance=order)
    with pytest.raises(EnforcementNotPermitted):
        actions.acknowledge_guidance(actor=regulator, guidance=order)
    actions.acknowledge_guidance(actor=food_merchant, guidance=order)
    order.refresh_from_db()
    assert order.state == GuidanceState.ACKNOWLEDGED
    assert list(Guidance.objects.follow_up_overdue(dt.date(2026, 12, 17))) == [order]
    actions.recheck_guidance(
        actor=regulator,
        guidance=order,
        rectified=False,
        result="复查仍未公示，建议立案",
        on=dt.date(2026, 12, 17),
    )
    order.refresh_from_db()
    assert (order.state, order.rectified) == (GuidanceState.CLOSED, False)


def test_an_interview_notice_names_time_place_and_participants(world, regulator):
    with pytest.raises(EnforcementError) as refused:
        actions.issue_guidance(
            actor=regulator, kind="interview", platform=world["platform"], content="约谈平台"
        )
    assert refused.value.field == "meeting_at"
    with pytest.raises(EnforcementError) as refused:
        actions.issue_guidance(
            actor=regulator,
            kind="reminder",
            entity=world["food"],
            platform=world["platform"],
            content="提醒告诫",
        )
    assert refused.value.field == "recipient"
