"""Clue verification (核查): the handler (承办人) is assigned, records what was checked with its
result and material, and submits the clue to the head (提交负责人决定), who alone decides
(《市场监督管理行政处罚程序规定》第十八条, number UNCONFIRMED)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from wangjian.core.audit import record_event
from wangjian.monitoring.actions.clues import _open_clue
from wangjian.monitoring.actions.common import MIN_REASON_LENGTH, MonitoringError, _require
from wangjian.monitoring.choices import CheckResult
from wangjian.monitoring.models import Clue, ClueCheck, ClueCheckAttachment

# A house limit per check record (the 9 files of a phone's picture grid), not a statutory one.
MAX_CHECK_ATTACHMENTS = 9


def clue_handler_candidates(clue: Clue):
    """Regulators and heads whose jurisdiction covers the clue's division."""
    from django.contrib.auth import get_user_model

    from wangjian.core.choices import Role

    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            role__in=(Role.REGULATOR, Role.SECTION_CHIEF),
            org_unit__isnull=False,
        )
        .select_related("org_unit__division")
    )
    path = clue.division.path
    return [user for user in users.order_by("username") if path.startswith(user.jurisdiction.path)]


def _clue_in_verification(actor, clue: Clue) -> Clue:
    locked = _open_clue(actor, clue)
    if locked.submitted_at is not None:
        raise MonitoringError(
            gettext("线索 {number}：核查结果已提交负责人决定，不能再修改。").format(
                number=locked.number
            ),
            field="submitted_at",
            rule="submitted",
        )
    return locked


def assign_clue_handler(*, actor, clue: Clue, handler) -> Clue:
    """Name the handler (承办人) who verifies the clue; a later assignment replaces the earlier
    one until the clue is submitted. Raise MonitoringError when the handler cannot work on
    this clue's jurisdiction or the clue is submitted or decided."""
    _require(actor, "monitoring.triage")
    with transaction.atomic():
        clue = _clue_in_verification(actor, clue)
        if handler is None or handler.pk not in {u.pk for u in clue_handler_candidates(clue)}:
            raise MonitoringError(
                gettext("线索 {number}：承办人须为本辖区的监管人员或负责人。").format(
                    number=clue.number
                ),
                field="handler",
                rule="jurisdiction",
            )
        before = clue.handler_id
        clue.handler = handler
        clue.save(update_fields=["handler"])
        record_event(
            actor=actor,
            event_type="monitoring.clue_handler_assigned",
            target=clue,
            division=clue.division,
            before={"handler": before},
            after={"handler": handler.pk},
        )
    return clue


def record_clue_check(
    *, actor, clue: Clue, checked: str, result: str, note: str = "", attachments=()
) -> ClueCheck:
    """Record what the handler checked, the result and the material (核查记录). Only the
    assigned handler records, before submission. ``attachments`` are (name, bytes) pairs,
    typed by content, hashed and size-limited by ``core.uploads.check_attachment``."""
    from wangjian.core.uploads import FileRefused, check_attachment

    _require(actor, "monitoring.triage")
    checked = (checked or "").strip()
    if len(checked) < MIN_REASON_LENGTH:
        raise MonitoringError(
            gettext("线索 {number}：请写明核查了什么（至少 {length} 个字）。").format(
                number=clue.number, length=MIN_REASON_LENGTH
            ),
            field="checked",
            rule="min_length",
        )
    if result not in CheckResult.values:
        raise MonitoringError(
            gettext("线索 {number}：请选择核查结果。").format(number=clue.number),
            field="result",
            rule="choice",
        )
    attachments = list(attachments)
    if len(attachments) > MAX_CHECK_ATTACHMENTS:
        raise MonitoringError(
            gettext("线索 {number}：每次核查记录最多附 {count} 个材料。").format(
                number=clue.number, count=MAX_CHECK_ATTACHMENTS
            ),
            field="attachments",
            rule="count",
        )
    try:
        files = [check_attachment(name, content) for name, content in attachments]
    except FileRefused as error:
        raise MonitoringError(
            gettext("线索 {number}：{problem}").format(number=clue.number, problem=error),
            field="attachments",
            rule="attachment",
        ) from error
    with transaction.atomic():
        clue = _clue_in_verification(actor, clue)
        _require_handler(actor, clue)
        check = ClueCheck.objects.create(
            clue=clue, checked=checked, result=result, note=(note or "").strip(), recorded_by=actor
        )
        for file in files:
            ClueCheckAttachment.objects.create(
                check_record=check,
                name=file.name,
                content=file.content,
                content_type=file.content_type,
                sha256=file.sha256,
                size=len(file.content),
            )
        record_event(
            actor=actor,
            event_type="monitoring.clue_check_recorded",
            target=clue,
            division=clue.division,
            after={
                "check": check.pk,
                "result": result,
                "attachments": [[file.name, file.sha256] for file in files],
            },
            reason=checked,
        )
    return check


def _require_handler(actor, clue: Clue) -> None:
    if clue.handler_id is None:
        raise MonitoringError(
            gettext("线索 {number}：尚未指定承办人，请先指定承办人。").format(number=clue.number),
            field="handler",
            rule="order",
        )
    if clue.handler_id != actor.pk:
        raise MonitoringError(
            gettext("线索 {number}：只有承办人 {handler} 可以记录核查和提交。").format(
                number=clue.number, handler=clue.handler
            ),
            field="handler",
            rule="handler_only",
        )


def submit_clue_for_decision(*, actor, clue: Clue) -> Clue:
    """The handler submits the verified clue to the head (提交负责人决定); from then on only
    the head acts on it. Raise MonitoringError without a handler or a check record."""
    _require(actor, "monitoring.triage")
    with transaction.atomic():
        clue = _clue_in_verification(actor, clue)
        _require_handler(actor, clue)
        if not clue.checks.exists():
            raise MonitoringError(
                gettext("线索 {number}：尚无核查记录，请先记录核查情况再提交。").format(
                    number=clue.number
                ),
                field="checks",
                rule="order",
            )
        clue.submitted_at = timezone.now()
        clue.save(update_fields=["submitted_at"])
        record_event(
            actor=actor,
            event_type="monitoring.clue_submitted",
            target=clue,
            division=clue.division,
            after={"submitted_at": clue.submitted_at.isoformat(), "checks": clue.checks.count()},
        )
    return clue
