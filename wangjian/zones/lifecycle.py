"""The demonstration-zone state machine, its clocks and its refusals.

Each step names the states it may start from, the state it leads to, the capability its actor
needs and the article it applies. Clocks come from the programme's rules (data), counted on the
working-day calendar (``wangjian.core.working_days``) or by calendar years (民法典 第二百零一、
二百零二条: the start day is not counted; a period in years ends on the corresponding day).
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from wangjian.core.errors import ActionRefused, coded
from wangjian.core.working_days import add_working_days
from wangjian.zones.error_codes import ZoneErrorCode
from wangjian.zones.models import ZoneState


class ZoneStepRefused(ActionRefused):
    """A lifecycle step that may not be taken; ``code`` names the rule that refused it
    (``ZoneErrorCode``)."""

    def __init__(self, code: str, chinese: str, english: str):
        super().__init__(coded(ZoneErrorCode, code), chinese, english)
        self.chinese = chinese
        self.english = english


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    from_states: tuple[str, ...]
    to_state: str | None
    capability: str
    article_rule: str | None = None


APPLY = "zones.apply"
GUIDE = "zones.guide"
DECIDE = "zones.decide"
EVALUATE = "zones.evaluate"

S = ZoneState
STEPS = {
    step.name: step
    for step in (
        Step("prepare", "拟申报", (), S.DRAFT, APPLY, "eligible_applicants"),
        Step("consent", "地市局同意", (S.DRAFT,), S.CONSENTED, GUIDE, "consent_before_application"),
        Step("submit", "申报", (S.CONSENTED,), S.SUBMITTED, APPLY, "application_materials"),
        Step("review", "审核", (S.SUBMITTED,), S.REVIEWED, DECIDE, "approval_by_office_meeting"),
        Step("reject", "不予通过", (S.SUBMITTED, S.REVIEWED), S.NOT_APPROVED, DECIDE, None),
        Step("approve", "发文同意创建", (S.REVIEWED,), S.CREATING, DECIDE, "creation_period"),
        Step("add_task", "录入创建任务", (S.CREATING,), None, APPLY, None),
        Step("report_progress", "报告任务进展", (S.CREATING,), None, APPLY, None),
        Step("give_guidance", "地市局指导", (S.CREATING,), None, GUIDE, None),
        Step(
            "apply_acceptance",
            "申请验收",
            (S.CREATING,),
            S.ACCEPTANCE_APPLIED,
            APPLY,
            "acceptance_materials",
        ),
        Step("entrust", "委托第三方评估", (S.ACCEPTANCE_APPLIED,), S.EVALUATING, DECIDE, None),
        Step("declare", "利益冲突声明", (S.EVALUATING,), None, EVALUATE, None),
        Step("score", "专业评估评分", (S.EVALUATING,), None, EVALUATE, None),
        Step("open_questionnaire", "发布问卷", (S.EVALUATING,), None, EVALUATE, None),
        Step("record_feedback", "记录媒体网络反馈", (S.EVALUATING,), None, EVALUATE, None),
        Step("issue_report", "出具评估报告", (S.EVALUATING,), S.EVALUATED, EVALUATE, "pass_mark"),
        Step(
            "start_notice",
            "公示",
            (S.EVALUATED,),
            S.IN_NOTICE,
            DECIDE,
            "public_notice_period",
        ),
        Step(
            "answer_objection",
            "答复异议",
            (S.IN_NOTICE,),
            None,
            DECIDE,
            "objections_answered_before_decision",
        ),
        Step("designate", "确认示范区", (S.IN_NOTICE,), S.DESIGNATED, DECIDE, "validity_period"),
        Step("record_support", "政策支持与专项资金", (S.DESIGNATED,), None, DECIDE, None),
        Step(
            "submit_summary",
            "报送年度总结",
            (S.DESIGNATED, S.EXPIRED, S.REEVALUATION_APPLIED),
            None,
            APPLY,
            "annual_summary_due",
        ),
        Step("expire", "有效期满", (S.DESIGNATED,), S.EXPIRED, DECIDE, "validity_period"),
        Step(
            "apply_reevaluation",
            "申请复评",
            (S.EXPIRED,),
            S.REEVALUATION_APPLIED,
            APPLY,
            "reevaluation_after_expiry",
        ),
        Step(
            "renew",
            "延续认定",
            (S.REEVALUATION_APPLIED,),
            S.DESIGNATED,
            DECIDE,
            "reevaluation_after_expiry",
        ),
        Step("sanction", "处理决定", (S.DESIGNATED,), None, DECIDE, "sanctions"),
    )
}


def check_step(step_name: str, application, actor) -> Step:
    """Refuse a step taken by a role without its capability or from the wrong state."""
    step = STEPS[step_name]
    if actor is None or not actor.is_authenticated or not actor.has_capability(step.capability):
        role = getattr(actor, "get_role_display", lambda: "匿名")()
        raise ZoneStepRefused(
            "wrong_role",
            f"{application}:角色「{role}」不能办理「{step.label}」",
            f"{application}: role {getattr(actor, 'role', 'anonymous')} may not take the step "
            f"{step.name}",
        )
    if application is not None:
        check_state(step, application)
    return step


def check_state(step: Step, application) -> None:
    """Refuse ``step`` unless the application is in one of the states it starts from."""
    if application.state not in step.from_states:
        expected = "、".join(str(ZoneState(state).label) for state in step.from_states)
        raise ZoneStepRefused(
            "out_of_order",
            f"{application}:当前状态为「{application.get_state_display()}」,"
            f"「{step.label}」只能在「{expected}」状态下办理",
            f"{application}: the step {step.name} needs state {', '.join(step.from_states)}, "
            f"not {application.state}",
        )


def add_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later; 29 February maps to the last day of February."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def period_end(programme, rule_name: str, start: dt.date) -> dt.date:
    """The last day of the period named by ``rule_name``, counted from ``start``."""
    rule = programme.rule(rule_name)
    unit, value = rule["unit"], int(rule["value"])
    if unit == "working_days":
        return add_working_days(start, value)
    if unit == "years":
        return add_years(start, value)
    raise ValueError(f"unknown period unit {unit!r} in rule {rule_name}")


def creation_deadline(programme, approved_on: dt.date) -> dt.date:
    return period_end(programme, "creation_period", approved_on)


def notice_end(programme, starts_on: dt.date) -> dt.date:
    return period_end(programme, "public_notice_period", starts_on)


def validity_end(programme, designated_on: dt.date) -> dt.date:
    return period_end(programme, "validity_period", designated_on)


def annual_summary_due(programme, year: int) -> dt.date:
    """When the summary of ``year`` is due: the rule's month and day in the following year."""
    due = programme.rule("annual_summary_due")["value"]
    return dt.date(year + 1, int(due["month"]), int(due["day"]))


def summary_years(application) -> list[int]:
    """The years a designated zone owes a summary for: each full or part year of validity."""
    if application.designated_on is None or application.valid_until is None:
        return []
    return list(range(application.designated_on.year, application.valid_until.year))


def overdue_summaries(application, on: dt.date) -> list[tuple[int, dt.date]]:
    """Years whose summary was due before ``on`` and has not been submitted.

    Reads ``annual_summaries.all()`` so that a caller listing many zones can prefetch them.
    """
    submitted = {summary.year for summary in application.annual_summaries.all()}
    overdue = []
    for year in summary_years(application):
        due = annual_summary_due(application.programme, year)
        if due < on and year not in submitted:
            overdue.append((year, due))
    return overdue


def summaries_due_soon(application, on: dt.date, within_days: int = 30):
    """Reminders: unsubmitted summaries due within ``within_days`` calendar days of ``on``."""
    submitted = {summary.year for summary in application.annual_summaries.all()}
    soon = []
    for year in summary_years(application):
        due = annual_summary_due(application.programme, year)
        if year not in submitted and on <= due <= on + dt.timedelta(days=within_days):
            soon.append((year, due))
    return soon


def overdue_summary_count(applications, on: dt.date) -> int:
    """How many annual summaries of ``applications`` were due before ``on`` and are missing.

    Three queries whatever the number of zones: the home card runs this for a whole province.
    """
    from wangjian.zones.models import AnnualSummary, Programme

    rows = list(applications.values_list("pk", "programme_id", "designated_on", "valid_until"))
    programmes = {
        programme.pk: programme
        for programme in Programme.objects.filter(pk__in={row[1] for row in rows}).only(
            "pk", "rules"
        )
    }
    submitted = set(
        AnnualSummary.objects.filter(application_id__in=[row[0] for row in rows]).values_list(
            "application_id", "year"
        )
    )
    count = 0
    for pk, programme_id, designated_on, valid_until in rows:
        if designated_on is None or valid_until is None:
            continue
        for year in range(designated_on.year, valid_until.year):
            if (
                annual_summary_due(programmes[programme_id], year) < on
                and (pk, year) not in submitted
            ):
                count += 1
    return count
