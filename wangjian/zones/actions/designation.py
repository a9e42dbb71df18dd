"""Public notice, objections and the designation decision (第二十五至二十七条)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.zones.actions.common import _record, _transition, require_authority, step_transaction
from wangjian.zones.lifecycle import ZoneStepRefused, check_step, notice_end, validity_end
from wangjian.zones.models import Objection, SupportRecord, ZoneApplication, ZoneState

# ---------------------------------------------------------------------------------------------
# Public notice, objections, decision (第二十五至二十七条)


def start_public_notice(*, actor, application, on: dt.date) -> ZoneApplication:
    step = check_step("start_notice", application, actor)
    require_authority(actor, application)
    report = getattr(application, "report", None)
    if report is None or not report.passed:
        raise ZoneStepRefused(
            "evaluation_not_passed",
            f"{application}:评估结论为不符合条件,不能公示(第二十五条)",
            f"{application}: the evaluation did not find the zone qualified; no notice "
            "(article 25)",
        )
    ends = notice_end(application.programme, on)
    with step_transaction(application, step):
        _transition(
            application,
            step,
            actor=actor,
            on=on,
            details={"starts_on": str(on), "ends_on": str(ends)},
            notice_starts_on=on,
            notice_ends_on=ends,
        )
    return application


def submit_objection(*, application, on: dt.date, name: str, contact: str, text: str) -> Objection:
    """Anyone may object during the notice period, without signing in (第二十五、二十六条)."""
    if application.state != ZoneState.IN_NOTICE:
        raise ZoneStepRefused(
            "not_in_notice",
            f"{application}:当前不在公示期内,不受理异议",
            f"{application}: not in its public-notice period; objections are not accepted",
        )
    if not application.notice_starts_on <= on <= application.notice_ends_on:
        raise ZoneStepRefused(
            "outside_notice_period",
            f"{application}:公示期为 {application.notice_starts_on} 至 "
            f"{application.notice_ends_on},{on} 提出的异议不在公示期内",
            f"{application}: the notice runs from {application.notice_starts_on} to "
            f"{application.notice_ends_on}; {on} is outside it",
        )
    for field, value, label in (
        ("name", name, "异议人"),
        ("contact", contact, "联系方式"),
        ("text", text, "异议内容"),
    ):
        if not value.strip():
            raise ZoneStepRefused(
                "objection_incomplete",
                f"{application}:异议须填写{label}",
                f"{application}: an objection needs its {field}",
            )
    with transaction.atomic():
        objection = Objection.objects.create(
            application=application, submitted_on=on, name=name, contact=contact, text=text
        )
        # The objector's name and contact are personal data: the audit row names the
        # objection, not them.
        record_event(
            actor=None,
            event_type="zones.objection_submitted",
            target=objection,
            division=application.division,
            after={"application": application.pk, "on": str(on)},
        )
    return objection


def answer_objection(*, actor, objection, on: dt.date, answer: str) -> Objection:
    application = objection.application
    step = check_step("answer_objection", application, actor)
    require_authority(actor, application)
    if not answer.strip():
        raise ZoneStepRefused(
            "answer_empty", f"{application}:答复不能为空", f"{application}: the answer is empty"
        )
    with step_transaction(application, step):
        objection.answer = answer
        objection.answered_on = on
        objection.answered_by = actor
        objection.save(update_fields=["answer", "answered_on", "answered_by"])
        _record(
            application,
            step,
            actor=actor,
            on=on,
            from_state=application.state,
            details={"objection": objection.pk},
        )
    return objection


def designate_zone(
    *, actor, application, on: dt.date, meeting: str, document: str
) -> ZoneApplication:
    """确认示范区 after the notice period, with every objection answered (第二十六条)."""
    step = check_step("designate", application, actor)
    require_authority(actor, application)
    if on <= application.notice_ends_on:
        raise ZoneStepRefused(
            "notice_not_over",
            f"{application}:公示期至 {application.notice_ends_on} 届满,{on} 不能作出确认决定"
            f"(第二十五、二十六条)",
            f"{application}: the notice runs until {application.notice_ends_on}; no decision "
            f"on {on} (articles 25 and 26)",
        )
    unanswered = application.objections.filter(answered_on__isnull=True).count()
    if unanswered:
        raise ZoneStepRefused(
            "objections_unanswered",
            f"{application}:尚有 {unanswered} 件公示异议未答复,不能作出确认决定(第二十六条)",
            f"{application}: {unanswered} objections are unanswered; no decision (article 26)",
        )
    valid_until = validity_end(application.programme, on)
    with step_transaction(application, step):
        _transition(
            application,
            step,
            actor=actor,
            on=on,
            details={"meeting": meeting, "document": document, "valid_until": str(valid_until)},
            designated_on=on,
            designation_document=document,
            valid_until=valid_until,
        )
    return application


def record_support(
    *, actor, application, on: dt.date, kind: str, description: str, amount_yuan=None
) -> SupportRecord:
    """政策支持 or 专项资金 given to a zone (第二十七条)."""
    step = check_step("record_support", application, actor)
    require_authority(actor, application)
    if kind not in ("policy", "fund"):
        raise ZoneStepRefused(
            "bad_support_kind",
            f"{application}:支持类别须为 policy(政策支持)或 fund(专项资金)",
            f"{application}: support kind must be policy or fund",
        )
    with step_transaction(application, step):
        support = SupportRecord.objects.create(
            application=application,
            kind=kind,
            description=description,
            amount_yuan=None if amount_yuan is None else Decimal(str(amount_yuan)),
            granted_on=on,
        )
        record_event(
            actor=actor,
            event_type="zones.support_recorded",
            target=application,
            division=application.division,
            after={"kind": kind, "amount": None if amount_yuan is None else str(amount_yuan)},
        )
    return support
