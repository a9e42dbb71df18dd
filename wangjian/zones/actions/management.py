"""Dynamic management (动态管理, 第三十三至三十五条): summaries, expiry, sanctions."""

import datetime as dt

from wangjian.core.audit import record_event
from wangjian.zones.actions.common import (
    SANCTION_LABELS,
    _record,
    _transition,
    require_applicant,
    require_authority,
    step_transaction,
)
from wangjian.zones.lifecycle import ZoneStepRefused, annual_summary_due, check_step, validity_end
from wangjian.zones.models import AnnualSummary, Sanction, ZoneApplication, ZoneState

# ---------------------------------------------------------------------------------------------
# Dynamic management (第三十三至三十五条)


def submit_annual_summary(
    *, actor, application, year: int, on: dt.date, text: str
) -> AnnualSummary:
    """The yearly summary; a late one is accepted and flagged overdue (第三十三条)."""
    step = check_step("submit_summary", application, actor)
    require_applicant(actor, application)
    if not application.designated_on.year <= year < application.valid_until.year:
        raise ZoneStepRefused(
            "year_outside_validity",
            f"{application}:{year} 年度不在有效期({application.designated_on} 至 "
            f"{application.valid_until})内",
            f"{application}: {year} lies outside the validity period",
        )
    if application.annual_summaries.filter(year=year).exists():
        raise ZoneStepRefused(
            "summary_exists",
            f"{application}:{year} 年度总结已报送",
            f"{application}: the summary of {year} was already submitted",
        )
    due = annual_summary_due(application.programme, year)
    with step_transaction(application, step):
        summary = AnnualSummary.objects.create(
            application=application,
            year=year,
            due_on=due,
            submitted_on=on,
            text=text,
            overdue=on > due,
        )
        record_event(
            actor=actor,
            event_type="zones.annual_summary_submitted",
            target=application,
            division=application.division,
            after={"year": year, "due_on": str(due), "on": str(on), "overdue": on > due},
        )
    return summary


def mark_expired(*, actor, application, on: dt.date) -> ZoneApplication:
    """The designation lapses the day after its validity ends (第三十三条)."""
    step = check_step("expire", application, actor)
    require_authority(actor, application)
    if on <= application.valid_until:
        raise ZoneStepRefused(
            "still_valid",
            f"{application}:有效期至 {application.valid_until},{on} 尚未期满",
            f"{application}: valid until {application.valid_until}; not expired on {on}",
        )
    with step_transaction(application, step):
        _transition(application, step, actor=actor, on=on)
    return application


def apply_for_reevaluation(
    *, actor, application, on: dt.date, application_letter: str, city_opinion: str
) -> ZoneApplication:
    """复评申请 in writing, after the city-level bureau's opinion (第三十四条)."""
    step = check_step("apply_reevaluation", application, actor)
    require_applicant(actor, application)
    if not application_letter.strip() or not city_opinion.strip():
        raise ZoneStepRefused(
            "missing_materials",
            f"{application}:复评申请须有书面申请和地市级市场监督管理部门意见(第三十四条)",
            f"{application}: re-evaluation needs a written application and the city-level "
            "bureau's opinion (article 34)",
        )
    with step_transaction(application, step):
        _transition(
            application,
            step,
            actor=actor,
            on=on,
            details={"letter": application_letter, "city_opinion": city_opinion},
        )
    return application


def renew_designation(
    *, actor, application, on: dt.date, document: str, reevaluation: str
) -> ZoneApplication:
    """延续认定 after the re-evaluation (第三十四条): a new validity period from ``on``."""
    step = check_step("renew", application, actor)
    require_authority(actor, application)
    valid_until = validity_end(application.programme, on)
    with step_transaction(application, step):
        _transition(
            application,
            step,
            actor=actor,
            on=on,
            details={
                "document": document,
                "reevaluation": reevaluation,
                "valid_until": str(valid_until),
            },
            designated_on=on,
            designation_document=document,
            valid_until=valid_until,
            renewal_count=application.renewal_count + 1,
        )
    return application


def impose_sanction(
    *, actor, application, on: dt.date, kind: str, reason: str, rectify_by: dt.date | None = None
) -> Sanction:
    """通报批评, 限期整改 or 撤销, each with its reason (第三十五条)."""
    step = check_step("sanction", application, actor)
    require_authority(actor, application)
    allowed = application.programme.rule("sanctions")["value"]
    if kind not in allowed:
        raise ZoneStepRefused(
            "bad_sanction",
            f"{application}:处理决定类别 {kind} 无效,应为"
            f"{'、'.join(SANCTION_LABELS.get(k, k) for k in allowed)}",
            f"{application}: sanction {kind} is not one of {', '.join(allowed)}",
        )
    if not reason.strip():
        raise ZoneStepRefused(
            "reason_missing",
            f"{application}:处理决定须写明事由(第三十五条)",
            f"{application}: a sanction needs its reason (article 35)",
        )
    if kind == "rectification" and rectify_by is None:
        raise ZoneStepRefused(
            "rectify_by_missing",
            f"{application}:限期整改须写明整改期限",
            f"{application}: rectification needs its deadline",
        )
    with step_transaction(application, step):
        sanction = Sanction.objects.create(
            application=application,
            kind=kind,
            reason=reason,
            decided_on=on,
            rectify_by=rectify_by,
        )
        from_state = application.state
        if kind == "revocation":
            application.state = ZoneState.REVOKED
            application.save(update_fields=["state"])
        _record(
            application,
            step,
            actor=actor,
            on=on,
            from_state=from_state,
            details={"kind": kind, "rectify_by": str(rectify_by) if rectify_by else None},
            reason=reason,
        )
    return sanction
