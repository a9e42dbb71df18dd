"""The record's handler (承办人) and the sending of notices to the parties (送达记录)."""

import datetime as dt

from django.db import transaction

from wangjian.complaints.actions.clocks import complete_clock
from wangjian.complaints.actions.common import ComplaintError, _require, _today
from wangjian.complaints.choices import NoticeDocument, NoticeMethod, NoticeRecipient, State
from wangjian.complaints.models import Complaint, NoticeDelivery
from wangjian.core.audit import record_event


def handler_candidates(complaint):
    """Staff who may handle ``complaint``: active users able to handle complaints whose
    jurisdiction contains the record's division (the bureau, its sections, the station)."""
    from wangjian.core.models import User
    from wangjian.core.roles import ROLE_CAPABILITIES

    division = complaint.division
    return User.objects.filter(
        is_active=True,
        role__in=[role for role, caps in ROLE_CAPABILITIES.items() if "complaints.handle" in caps],
        org_unit__division__in=[*division.ancestors(), division],
    ).order_by("display_name", "username")


def assign_handler(*, actor, complaint, handler) -> Complaint:
    """Assign (or reassign) the record's 承办人; audited with the previous handler.

    Raise ``ComplaintError`` when the actor may not handle the record, when the record is
    closed, or when ``handler`` is not among ``handler_candidates``.
    """
    _require(actor, "complaints.handle", complaint)
    if not handler_candidates(complaint).filter(pk=getattr(handler, "pk", None)).exists():
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 handler：{handler} 不是本局可办理投诉举报的"
            f"工作人员 / {complaint.receipt_number} field handler: {handler} cannot handle "
            "this bureau's complaints",
            field="handler",
            rule="handler_of_bureau",
        )
    with transaction.atomic():
        Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
        complaint.refresh_from_db()
        previous = complaint.handler
        if previous == handler:
            return complaint
        complaint.handler = handler
        complaint.save(update_fields=["handler", "updated_at"])
        record_event(
            actor=actor,
            event_type="complaints.handler_assigned",
            target=complaint,
            division=complaint.division,
            before={"handler": previous.username if previous else None},
            after={"handler": handler.username},
        )
    return complaint


# The notices each state allows to be sent, and the notice clock a sending completes.
DELIVERABLE = {
    NoticeDocument.ACCEPTANCE: {State.MEDIATING, State.AGREED, State.TERMINATED},
    NoticeDocument.NON_ACCEPTANCE: {State.NOT_ACCEPTED},
    NoticeDocument.TERMINATION: {State.TERMINATED},
    NoticeDocument.REPORTER: {State.CASE_FILED, State.NOT_FILED},
}
NOTICE_CLOCKS = {
    NoticeDocument.TERMINATION: "termination_notice",
    NoticeDocument.REPORTER: "reporter_notice",
}


def record_notice_delivery(
    *, actor, complaint, document: str, recipient: str, method: str, sent_on: dt.date, note=""
):
    """Record that a notice went to a party (who, how, when); audited.

    Sending the 终止调解告知书 or the notice to a named reporter completes that step's clock.
    Raise ``ComplaintError`` for an unknown choice, a notice the record's state has not
    produced, or a date in the future or before the decision.
    """
    _require(actor, "complaints.handle", complaint)
    number = complaint.receipt_number
    for field_name, value, choices in (
        ("document", document, NoticeDocument),
        ("recipient", recipient, NoticeRecipient),
        ("method", method, NoticeMethod),
    ):
        if value not in choices.values:
            raise ComplaintError(
                f"{number} 字段 {field_name}：{value!r} 不是可选项 / {number} field "
                f"{field_name}: {value!r} is not a choice",
                field=field_name,
                rule="choice",
            )
    if not isinstance(sent_on, dt.date) or sent_on > _today():
        raise ComplaintError(
            f"{number} 字段 sent_on：送达日期不能晚于今天 / {number} field sent_on: the date "
            "cannot be in the future",
            field="sent_on",
            rule="not_future",
        )
    with transaction.atomic():
        Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
        complaint.refresh_from_db()
        if complaint.state not in DELIVERABLE[document]:
            raise ComplaintError(
                f"{number} 字段 document：当前状态为{complaint.get_state_display()}，尚无"
                f"{NoticeDocument(document).label}可送达 / {number} field document: no such "
                "notice at this state",
                field="document",
                rule="state",
            )
        delivery = NoticeDelivery.objects.create(
            complaint=complaint,
            document=document,
            recipient=recipient,
            method=method,
            sent_on=sent_on,
            note=(note or "").strip()[:200],
            recorded_by=actor,
        )
        step = NOTICE_CLOCKS.get(document)
        clock = complete_clock(complaint, step, sent_on) if step else None
        record_event(
            actor=actor,
            event_type="complaints.notice_delivered",
            target=complaint,
            division=complaint.division,
            after={
                "document": document,
                "recipient": recipient,
                "method": method,
                "sent_on": sent_on,
                "timely": clock.timely if clock else None,
            },
        )
    return delivery
