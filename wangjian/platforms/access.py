"""Detail lookups for the platforms app: the same 404 for missing, forbidden and out-of-scope."""

from wangjian.core.access import get_visible_or_404
from wangjian.platforms.models import ComplianceGuide, ObligationDeclaration, SelfAssessment
from wangjian.registry.models import Platform


def get_platform_for(user, platform_id) -> Platform:
    return get_visible_or_404(Platform.objects, user, "platforms.view_platform", pk=platform_id)


def get_declaration_for(user, declaration_id) -> ObligationDeclaration:
    return get_visible_or_404(
        ObligationDeclaration.objects, user, "platforms.review", pk=declaration_id
    )


def get_assessment_for(user, assessment_id) -> SelfAssessment:
    return get_visible_or_404(
        SelfAssessment.objects, user, "platforms.view_assessment", pk=assessment_id
    )


def get_guide_for(user, guide_id) -> ComplianceGuide:
    """Published guides are public; drafts only inside the publishing bureau's jurisdiction."""
    from wangjian.core.access import not_found

    try:
        return ComplianceGuide.objects.visible_to(user).get(pk=guide_id)
    except (ComplianceGuide.DoesNotExist, ValueError, TypeError) as error:
        raise not_found() from error


def get_action_request_for(user, request_id):
    from wangjian.platforms.models import PlatformActionRequest

    return get_visible_or_404(
        PlatformActionRequest.objects.select_related("platform", "shop"),
        user,
        "platforms.view_platform",
        pk=request_id,
    )


def get_notice_for(user, notice_id):
    from wangjian.platforms.models import PlatformNotice

    return get_visible_or_404(
        PlatformNotice.objects.select_related("platform"),
        user,
        "platforms.view_platform",
        pk=notice_id,
    )


def get_finding_for(user, finding_id):
    from wangjian.monitoring.models import Finding

    return get_visible_or_404(
        Finding.objects.select_related("shop__platform"),
        user,
        "platforms.request_action",
        pk=finding_id,
    )


def get_clue_for(user, clue_id):
    from wangjian.monitoring.models import Clue

    return get_visible_or_404(
        Clue.objects.select_related("shop__platform"),
        user,
        "platforms.request_action",
        pk=clue_id,
    )
