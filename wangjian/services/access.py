"""Detail lookups for services pages: one 404 for missing, forbidden and out of scope."""

from wangjian.core.access import get_visible_or_404


def get_entity_for(user, entity_id, capability: str):
    """The entity the user may act for: staff in their jurisdiction, a merchant its own."""
    from wangjian.registry.models import MarketEntity

    return get_visible_or_404(MarketEntity.objects, user, capability, pk=entity_id)


def get_report_for(user, number: str):
    from wangjian.services.models import ReportIssue

    return get_visible_or_404(ReportIssue.objects, user, "services.view_reports", number=number)


def get_objection_for(user, public_id):
    from wangjian.services.models import Objection

    return get_visible_or_404(
        Objection.objects, user, "services.view_objections", public_id=public_id
    )


def get_gig_batch_for(user, batch_id):
    from wangjian.services.models import GigBatch

    return get_visible_or_404(GigBatch.objects, user, "services.view_gig_batches", pk=batch_id)


def get_gig_application_for(user, application_id):
    from wangjian.services.models import GigApplication

    return get_visible_or_404(
        GigApplication.objects, user, "services.decide_gig_application", pk=application_id
    )


def get_service_request_for(user, public_id):
    from wangjian.services.models import ServiceRequest

    return get_visible_or_404(
        ServiceRequest.objects, user, "services.view_service_requests", public_id=public_id
    )
