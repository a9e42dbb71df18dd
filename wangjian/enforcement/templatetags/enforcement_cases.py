"""Tags other apps embed without importing enforcement: ``{% cases_from_source user "clue"
clue %}`` on a monitoring clue page and ``{% cases_from_source user "report" complaint %}`` on
a complaint page list the cases created from the record — only those the viewer may see."""

from django import template

register = template.Library()

SOURCE_FIELDS = ("clue", "report", "inspection_result", "field_inspection", "sample")


@register.inclusion_tag("enforcement/_source_cases.html")
def cases_from_source(user, source_field: str, source) -> dict:
    from wangjian.enforcement.models import Case

    if source_field not in SOURCE_FIELDS or not (
        getattr(user, "is_authenticated", False) and user.has_capability("enforcement.view_case")
    ):
        return {"shown": False}
    cases = list(
        Case.objects.visible_to(user).filter(**{source_field: source}).order_by("found_on", "id")
    )
    return {"shown": bool(cases), "cases": cases}


@register.inclusion_tag("enforcement/_hotspot_guidance.html")
def guidance_from_hotspot(user, hotspot) -> dict:
    """On the complaints hot-spot page: the guidance issued from the hot spot (scoped) and, for
    an officer, the link to issue one (提醒告诫、行政指导、约谈 …)."""
    from wangjian.enforcement.models import Guidance

    if not (
        getattr(user, "is_authenticated", False)
        and user.has_capability("enforcement.view_guidance")
        and user.jurisdiction is not None
    ):
        return {"shown": False}
    return {
        "shown": True,
        "hotspot": hotspot,
        "issued": list(Guidance.objects.visible_to(user).filter(hotspot=hotspot)),
        "may_issue": user.has_capability("enforcement.handle"),
    }
