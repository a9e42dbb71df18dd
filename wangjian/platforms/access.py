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
