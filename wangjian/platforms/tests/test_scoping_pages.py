"""One scoping matrix per platform page that acts on a platform, guide, notice or attachment:
another bureau or another platform gets the same 404 as a missing object."""

import datetime as dt

from django.urls import reverse

from wangjian.core.actions.reference_data import load_legal_catalogue
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.platforms.actions import Upload, draft_guide, reply_to_action_request
from wangjian.platforms.models import ComplianceGuide, ObligationDeclaration, RuleChangeNotice
from wangjian.platforms.tests.test_action_requests import PNG, ask
from wangjian.platforms.tests.test_notices import notify

MISSING = 999999


def post_matrix(name, pk, data, permitted, other, denied):
    return assert_scoping_matrix(
        ScopingCase(
            url=reverse(name, args=[pk]),
            missing_url=reverse(name, args=[MISSING]),
            method="post",
            data=data,
            api=False,
            permitted_status=302,
        ),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


def test_a_platform_declares_only_for_its_own_platform(
    platform, platform_user, other_platform_user, consumer
):
    post_matrix(
        "platforms:declare",
        platform.pk,
        {
            "obligation": "display_rules",
            "period": "2026H1",
            "statement": "已公示",
            "evidence": "截图",
        },
        platform_user,
        other_platform_user,
        consumer,
    )
    assert list(ObligationDeclaration.objects.values_list("platform_id", flat=True)) == [
        platform.pk
    ]


def test_a_rule_change_is_recorded_only_for_its_own_platform(
    platform, platform_user, other_platform_user, consumer
):
    post_matrix(
        "platforms:rule-change",
        platform.pk,
        {
            "title": "修改退货规则",
            "url": "https://rules.example.com/returns",
            "published_on": "2026-03-01",
            "effective_on": "2026-03-09",
        },
        platform_user,
        other_platform_user,
        consumer,
    )
    assert list(RuleChangeNotice.objects.values_list("title", flat=True)) == ["修改退货规则"]


def test_year_inputs_are_recorded_only_by_the_platform_s_bureau(
    platform, regulator, other_regulator, consumer
):
    post_matrix(
        "platforms:record-inputs",
        platform.pk,
        {
            "year": "2025",
            "annual_active_users": "60,000,000",
            "market_value_100m": "1200",
            "restriction_ability": "strong",
            "line_name_1": "综合电商",
            "line_subtype_1": "online_sales.comprehensive_goods",
            "line_main": "1",
            "line_core_1": "1",
            "source": "2025年报",
        },
        regulator,
        other_regulator,
        consumer,
    )
    assert platform.year_inputs.get().year == 2025


def test_a_notice_is_answered_only_by_its_platform(
    platform, regulator, platform_user, other_platform_user, consumer
):
    notice = notify(platform, regulator)
    post_matrix(
        "platforms:notice-answer",
        notice.pk,
        {"answer": "已完成自查"},
        platform_user,
        other_platform_user,
        consumer,
    )
    notice.refresh_from_db()
    assert notice.answer == "已完成自查"


def test_a_draft_guide_is_published_only_by_its_bureau(regulator, other_regulator, platform_user):
    load_legal_catalogue()
    guide = draft_guide(actor=regulator, business_type="food_delivery")
    post_matrix("platforms:guide-publish", guide.pk, {}, regulator, other_regulator, platform_user)
    assert ComplianceGuide.objects.get(pk=guide.pk).state == "published"


def test_a_reply_attachment_is_served_only_in_scope(
    platform, regulator, other_regulator, platform_user, consumer
):
    request = ask(platform, regulator)
    reply_to_action_request(
        actor=platform_user,
        request=request,
        reply="rectified",
        note="已责令店铺修改宣传用语",
        attachments=[Upload("整改.png", PNG)],
        today=dt.date(2026, 9, 30),
    )
    attachment = request.attachments.get()
    response = assert_scoping_matrix(
        ScopingCase(
            url=reverse("platforms:action-attachment", args=[request.pk, attachment.pk]),
            missing_url=reverse("platforms:action-attachment", args=[request.pk, MISSING]),
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert response.content == PNG
