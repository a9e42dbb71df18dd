"""What the merchant's own record page shows. Complaints against it show no complainant data
(投诉举报处理暂行办法 第三十三条): only number, kind, date and state."""

from django.utils import timezone


def record_context(entity) -> dict:
    from wangjian.complaints.models import Complaint
    from wangjian.credit.choices import CreditEventKind, ListEntryState
    from wangjian.credit.models import CreditEvent, CreditListEntry, RepairApplication
    from wangjian.inspections.models import InspectionResult
    from wangjian.services.models import Objection, ServiceRequest
    from wangjian.services.report import penalty_publicity

    today = timezone.localdate()
    events = []
    for event in CreditEvent.objects.filter(entity=entity).order_by("-occurred_on", "-id"):
        publicity = None
        if event.kind == CreditEventKind.PENALTY and not event.withdrawn_on:
            publicity = penalty_publicity(event, today)
        events.append({"event": event, "publicity": publicity})
    entries = CreditListEntry.objects.filter(entity=entity).exclude(state=ListEntryState.NOT_LISTED)
    complaints = Complaint.objects.filter(respondent_entity=entity).only(
        "receipt_number", "kind", "received_on", "state"
    )
    return {
        "entity": entity,
        "today": today,
        "events": events,
        "entries": entries.order_by("-notified_on"),
        "repairs": RepairApplication.objects.filter(entity=entity).order_by("-applied_on"),
        "inspections": InspectionResult.objects.filter(task__entity=entity)
        .select_related("task__plan")
        .order_by("-result_on"),
        "complaints": complaints.order_by("-received_on"),
        "objections": Objection.objects.filter(entity=entity).order_by("-filed_on"),
        "service_requests": ServiceRequest.objects.filter(entity=entity).order_by("-submitted_on"),
    }
