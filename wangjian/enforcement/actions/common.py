"""What every enforcement action shares: the coded error, role checks, locking, numbering."""

import datetime as dt

from django.utils import timezone

from wangjian.core.errors import ActionRefused, WrittenPermissionRefusal
from wangjian.enforcement.choices import ERROR_TEXT_EN, ErrorCode

MIN_REASON_LENGTH = 4


class EnforcementError(ActionRefused, ValueError):
    """A refused enforcement action: a code (ErrorCode), the record, the field and the rule,
    in Chinese first with the English text after it."""

    def __init__(
        self,
        code: ErrorCode,
        record: str,
        detail_zh: str = "",
        detail_en: str = "",
        *,
        field: str = "",
        rule: str = "",
    ):
        code = ErrorCode(code)
        zh = f"{record}：{code.label}" + (f"（{detail_zh}）" if detail_zh else "")
        en = f"{record}: {ERROR_TEXT_EN[code]}" + (f" ({detail_en})" if detail_en else "")
        if field:
            zh = f"{zh}〔字段 {field}〕"
            en = f"{en} [field {field}]"
        super().__init__(code, f"[{code.value}] {zh}", f"[{code.value}] {en}", field)
        # The enum member, not only its value: callers compare it with ErrorCode members.
        self.code = code
        self.record = record
        self.rule = rule or code.value
        self.message_zh = zh
        self.message_en = en


class EnforcementNotPermitted(WrittenPermissionRefusal):
    """An enforcement step refused because the actor lacks the capability; code
    ``not_permitted``. A ``PermissionDenied`` too, so an uncaught one still answers 403."""


def today() -> dt.date:
    return timezone.localdate()


def require(actor, capability: str) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_capability(capability):
        raise EnforcementNotPermitted(f"无此权限（{capability}）/ not permitted ({capability})")


def lock_case(actor, case):
    """The case row locked for a change by the bureau holding it (else the common refusal)."""
    from wangjian.enforcement.models import Case

    locked = Case.objects.handled_by(actor).select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise EnforcementError(
            ErrorCode.NOT_VISIBLE, f"案件 #{case.pk}", field="case", rule="jurisdiction"
        )
    return locked


def require_state(case, *states) -> None:
    if case.state not in states:
        allowed = "、".join(str(state.label) for state in states)
        raise EnforcementError(
            ErrorCode.WRONG_STATE,
            f"案件 {case.display_number}",
            f"当前为“{case.get_state_display()}”，须为：{allowed}",
            f"it is {case.state}; expected {', '.join(str(state.value) for state in states)}",
            field="state",
        )


def require_reason(
    record: str, text: str, field: str = "reason", minimum: int = MIN_REASON_LENGTH
) -> str:
    text = (text or "").strip()
    if len(text) < minimum:
        raise EnforcementError(
            ErrorCode.INVALID,
            record,
            f"须填写（至少 {minimum} 个字）",
            f"required (at least {minimum} characters)",
            field=field,
        )
    return text


def bureau_of(division):
    """(division, org unit) of the bureau serving ``division``: the nearest with a bureau."""
    from wangjian.core.choices import OrgUnitKind
    from wangjian.core.models import OrgUnit

    chain = [*division.ancestors(), division]
    units = {
        unit.division_id: unit
        for unit in OrgUnit.objects.filter(
            kind=OrgUnitKind.BUREAU, is_active=True, division__in=chain
        ).order_by("-pk")
    }
    for candidate in reversed(chain):
        if candidate.pk in units:
            return candidate, units[candidate.pk]
    return division, None


def actor_bureau(actor):
    """(division, org unit) of the actor's bureau (a station's cases belong to its bureau)."""
    unit = actor.org_unit
    while unit is not None and unit.kind != "bureau" and unit.parent_id:
        unit = unit.parent
    if unit is None:
        return actor.jurisdiction, None
    return unit.division, unit


def next_number(division, series: str, year: int) -> str:
    """Take the next number of ``series`` for the bureau of ``division`` in ``year``; the
    counter row is locked until the transaction ends, so numbers have no gaps."""
    from wangjian.enforcement.models import NumberCounter
    from wangjian.enforcement.rules import number_pattern

    NumberCounter.objects.get_or_create(division=division, series=series, year=year)
    counter = NumberCounter.objects.select_for_update().get(
        division=division, series=series, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return number_pattern(division, series).format(year=year, n=counter.last)
