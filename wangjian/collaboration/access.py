"""Detail lookups for 协查 requests: one 404 for missing, forbidden and out of jurisdiction."""

from wangjian.collaboration.choices import Side
from wangjian.collaboration.models import AssistanceRequest, RequestAttachment
from wangjian.core.access import get_visible_or_404


def get_request_for(user, request_id) -> AssistanceRequest:
    return get_visible_or_404(
        AssistanceRequest.objects.select_related(
            "requesting_unit__division", "receiving_unit__division", "entity", "shop", "platform"
        ),
        user,
        "collaboration.view_request",
        pk=request_id,
    )


def get_attachment_for(user, attachment_id) -> RequestAttachment:
    return get_visible_or_404(
        RequestAttachment.objects, user, "collaboration.view_request", pk=attachment_id
    )


def side_of(user, request: AssistanceRequest) -> str:
    """The user's side: their unit's division is the requesting or receiving bureau's."""
    division = user.jurisdiction
    if division is None:
        return Side.OBSERVER
    if division.pk == request.requesting_unit.division_id:
        return Side.REQUESTING
    if division.pk == request.receiving_unit.division_id:
        return Side.RECEIVING
    return Side.OBSERVER


def get_notice_for(user, notice_id):
    from wangjian.collaboration.models import DisciplineNotice

    return get_visible_or_404(
        DisciplineNotice.objects.select_related("list_entry__entity", "partner__org_unit"),
        user,
        "collaboration.view_discipline",
        pk=notice_id,
    )


def get_alert_for(user, alert_id):
    from wangjian.collaboration.models import RiskAlert

    return get_visible_or_404(
        RiskAlert.objects.select_related("entity", "assigned_to"),
        user,
        "collaboration.view_warning",
        pk=alert_id,
    )


def get_campaign_for(user, campaign_id):
    from wangjian.collaboration.models import Campaign

    return get_visible_or_404(
        Campaign.objects.select_related("lead_unit__division"),
        user,
        "collaboration.view_campaign",
        pk=campaign_id,
    )


def get_round_for(user, round_id):
    from wangjian.collaboration.models import IndicatorRound

    return get_visible_or_404(
        IndicatorRound.objects, user, "collaboration.view_indicators", pk=round_id
    )
