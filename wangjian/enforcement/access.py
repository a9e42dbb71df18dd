"""Detail lookups: the same 404 for missing, out-of-jurisdiction and not permitted."""

from wangjian.core.access import get_visible_or_404
from wangjian.enforcement.models import Case, Guidance


def get_case_for(user, case_id) -> Case:
    return get_visible_or_404(
        Case.objects.select_related("entity", "shop", "division", "handler", "clue", "report"),
        user,
        "enforcement.view_case",
        pk=case_id,
    )


def get_guidance_for(user, guidance_id) -> Guidance:
    return get_visible_or_404(
        Guidance.objects.select_related("entity", "platform", "division", "case"),
        user,
        "enforcement.view_guidance",
        pk=guidance_id,
    )
