"""Flag handling (提示处理): 处理 / 移送 / 忽略 by the bureau, 已更正 by the platform on the flags
of its own shops. One transaction per flag, the row re-read under a lock through the actor's
scope, the audit event written inside."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from wangjian.core.audit import record_event
from wangjian.registry.actions.common import _require
from wangjian.registry.choices import FlagState
from wangjian.registry.error_codes import RegistryErrorCode, RegistryNotPermitted, RegistryRefused
from wangjian.registry.models import Flag

FLAG_OUTCOMES = (FlagState.CLOSED, FlagState.REFERRED, FlagState.DISMISSED)


def _locked_flag(actor, flag_id: int) -> Flag:
    # Re-read under a row lock through the actor's own scope, so a flag outside it is refused
    # exactly like a missing one.
    flag = Flag.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=flag_id).first()
    if flag is None:
        raise RegistryNotPermitted(gettext("未找到该提示。"))
    return flag


def flag_received_by(actor, flag: Flag) -> bool:
    # The bureau a flag was referred to takes it over: it closes or dismisses it in turn.
    jurisdiction = getattr(actor, "jurisdiction", None)
    return (
        flag.state == FlagState.REFERRED
        and flag.referred_division is not None
        and jurisdiction is not None
        and flag.referred_division.path.startswith(jurisdiction.path)
        and not flag.division.path.startswith(jurisdiction.path)
    )


def _flag_refusal(flag: Flag) -> RegistryRefused:
    return RegistryRefused(
        gettext("提示 #{id} 已是“{state}”，不能再次处理。").format(
            id=flag.pk, state=flag.get_state_display()
        ),
        code=RegistryErrorCode.WRONG_STATE,
        field="state",
    )


def handle_flag(*, actor, flag: Flag, outcome: str, reason: str, referred_division=None) -> Flag:
    """Close an open flag as handled (处理), referred to another bureau (移送) or dismissed
    (忽略), saying what was done. Confirming a platform's reported correction is 处理 of a
    flag in state ``corrected``.

    Raise PermissionDenied when the actor may not manage flags or cannot see this one;
    ValidationError when the outcome is unknown, the reason is empty, the flag is already
    handled, or a referral names no other bureau."""
    _require(actor, "registry.manage_flags")
    if outcome not in FLAG_OUTCOMES:
        raise RegistryRefused(gettext("未知的处理方式。"))
    reason = (reason or "").strip()
    if not reason:
        raise RegistryRefused(
            gettext("提示 #{id}：请填写处理说明（做了什么、为什么）。").format(id=flag.pk),
            code=RegistryErrorCode.FIELD_REQUIRED,
        )
    with transaction.atomic():
        flag = _locked_flag(actor, flag.pk)
        if flag.state not in (FlagState.OPEN, FlagState.CORRECTION_REPORTED) and not (
            flag_received_by(actor, flag) and outcome != FlagState.REFERRED
        ):
            raise _flag_refusal(flag)
        if outcome == FlagState.REFERRED:
            if referred_division is None or referred_division.pk == flag.division_id:
                raise RegistryRefused(
                    gettext("提示 #{id}：移送须选择另一个辖区的市场监管部门。").format(id=flag.pk),
                    code=RegistryErrorCode.REFUSED,
                )
            flag.referred_division = referred_division
        before = {"state": flag.state, "handling_note": flag.handling_note}
        flag.state = outcome
        flag.handling_note = reason
        flag.handled_by = actor
        flag.closed_at = timezone.now()
        flag.save(
            update_fields=["state", "handling_note", "handled_by", "closed_at", "referred_division"]
        )
        record_event(
            actor=actor,
            event_type="registry.flag_handled",
            target=flag,
            division=flag.division,
            before=before,
            after={"state": outcome, "referred_division": flag.referred_division_id},
            reason=reason,
        )
    return flag


def handle_flags(*, actor, flag_ids, outcome: str, reason: str, referred_division=None):
    """Bulk 处理/移送/忽略 of a selection: one transaction per flag, so a flag that is already
    handled (or out of scope) is refused by itself and the others go through. Return the
    handled flags and the refusals in words."""
    handled, refused = [], []
    for flag_id in dict.fromkeys(flag_ids):
        try:
            handled.append(
                handle_flag(
                    actor=actor,
                    flag=Flag(pk=flag_id),
                    outcome=outcome,
                    reason=reason,
                    referred_division=referred_division,
                )
            )
        except ValidationError as error:
            refused.append(" ".join(error.messages))
        except PermissionDenied:
            refused.append(gettext("提示 #{id}：未找到或无权处理。").format(id=flag_id))
    return handled, refused


def report_flag_correction(*, actor, flag: Flag, note: str) -> Flag:
    """A platform reports that it corrected what a flag on its shop points at (已更正); the
    flag stays on the bureau's list until a regulator confirms it.

    Raise PermissionDenied when the actor is not the shop's platform; ValidationError when
    the note is empty or the flag is no longer open."""
    _require(actor, "registry.respond_flag")
    note = (note or "").strip()
    if not note:
        raise RegistryRefused(gettext("提示 #{id}：请说明已更正的内容。").format(id=flag.pk))
    with transaction.atomic():
        flag = _locked_flag(actor, flag.pk)
        if flag.state != FlagState.OPEN:
            raise _flag_refusal(flag)
        flag.state = FlagState.CORRECTION_REPORTED
        flag.correction_note = note
        flag.corrected_by = actor
        flag.corrected_at = timezone.now()
        flag.save(update_fields=["state", "correction_note", "corrected_by", "corrected_at"])
        record_event(
            actor=actor,
            event_type="registry.flag_correction_reported",
            target=flag,
            division=flag.division,
            before={"state": FlagState.OPEN},
            after={"state": FlagState.CORRECTION_REPORTED},
            reason=note,
        )
    return flag
