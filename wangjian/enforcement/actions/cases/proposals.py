"""The handler's proposal (处罚建议) validated against the penalty article and applied."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from wangjian.enforcement import exemptions
from wangjian.enforcement.actions.cases.base import _record
from wangjian.enforcement.actions.common import EnforcementError
from wangjian.enforcement.choices import ErrorCode, NoPenaltyGround, Outcome, PenaltyKind
from wangjian.enforcement.rules import fine_rule

# --------------------------------------------------------------------------------------------
# Proposal validation


def _decimal(record: str, value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise EnforcementError(
            ErrorCode.INVALID,
            record,
            f"{value!r} 不是金额",
            f"{value!r} is not an amount",
            field=field,
        ) from error
    if amount < 0:
        raise EnforcementError(
            ErrorCode.INVALID, record, "金额不能为负", "an amount cannot be negative", field=field
        )
    return amount


def check_fine(record: str, penalty_article: str, fine, base=None) -> None:
    """Refuse a fine outside the penalty article's range, quoting the article."""
    rule = fine_rule(penalty_article)
    if rule is None:
        raise EnforcementError(
            ErrorCode.FINE_RULE_UNKNOWN,
            record,
            f"处罚依据 {penalty_article} 未载入罚款幅度（enforcement/data/fines.yaml）",
            f"no fine range for {penalty_article}",
            field="penalty_article",
        )
    low, high = rule.bounds(base)
    if fine < low or fine > high:
        base_text = f"（{rule.base} {base} 元）" if base else ""
        raise EnforcementError(
            ErrorCode.FINE_OUT_OF_RANGE,
            record,
            f"罚款 {fine} 元不在 {low}–{high} 元之间{base_text}。{rule.citation}：{rule.quote}",
            f"a fine of {fine} is outside {low}–{high} under {rule.basis}",
            field="fine_amount",
        )


def _validate_proposal(case, payload: dict) -> dict:
    record = _record(case)
    outcome = payload.get("outcome")
    if outcome not in Outcome.values:
        raise EnforcementError(
            ErrorCode.INVALID,
            record,
            "处理结果须为行政处罚或不予行政处罚",
            "outcome must be penalty or no_penalty",
            field="outcome",
        )
    article = (payload.get("penalty_article") or case.penalty_article or "").strip()
    clean = {"outcome": outcome, "penalty_article": article}
    if outcome == Outcome.PENALTY:
        kinds = list(payload.get("penalty_kinds") or [])
        if not kinds or any(kind not in PenaltyKind.values for kind in kinds):
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "须选择处罚种类",
                "choose the penalty kinds",
                field="penalty_kinds",
            )
        if ":" not in article:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "须写明处罚依据条文",
                "give the penalty article",
                field="penalty_article",
            )
        fine = _decimal(record, payload.get("fine_amount"), "fine_amount")
        base = _decimal(record, payload.get("fine_base_amount"), "fine_base_amount")
        if PenaltyKind.FINE in kinds:
            if fine is None:
                raise EnforcementError(
                    ErrorCode.INVALID,
                    record,
                    "罚款须写明金额",
                    "a fine needs its amount",
                    field="fine_amount",
                )
            check_fine(record, article, fine, base)
        clean.update(
            penalty_kinds=kinds,
            fine_amount=str(fine) if fine is not None else None,
            fine_base_amount=str(base) if base is not None else None,
            confiscation_amount=str(
                _decimal(record, payload.get("confiscation_amount"), "confiscation_amount") or ""
            )
            or None,
        )
    else:
        ground = payload.get("no_penalty_ground")
        if ground not in NoPenaltyGround.values:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "须写明不予处罚的理由（第三十三条）",
                "give the ground for no penalty",
                field="no_penalty_ground",
            )
        clean["no_penalty_ground"] = ground
    clean["facts"] = {"corrected": payload.get("corrected"), "harm": payload.get("harm")}
    return clean


def _apply_proposal(case, clean: dict, on: dt.date) -> None:
    case.outcome = clean["outcome"]
    case.penalty_article = clean["penalty_article"]
    case.penalty_kinds = clean.get("penalty_kinds", [])
    case.fine_amount = clean.get("fine_amount")
    case.fine_base_amount = clean.get("fine_base_amount")
    case.confiscation_amount = clean.get("confiscation_amount")
    case.no_penalty_ground = clean.get("no_penalty_ground", "")
    facts = clean["facts"]
    case.exemption_answer = exemptions.assess(
        case, corrected=facts.get("corrected"), harm=facts.get("harm"), on=on
    )
