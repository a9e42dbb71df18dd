"""Every state change of the demonstration-zone lifecycle.

Each action takes a keyword-only ``actor``, checks the step (``lifecycle.check_step``: role and
state), checks who the actor is for this application (the applicant's own division, the
city-level bureau above it, the programme's authority, the entrusted evaluator), then changes
the rows, writes a ``StepRecord`` and an audit event in one transaction. Dates are passed in
(``on``) because bureaus record steps taken on paper on the day they were taken.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.core.choices import DivisionLevel
from wangjian.zones.lifecycle import (
    ZoneStepRefused,
    annual_summary_due,
    check_step,
    creation_deadline,
    notice_end,
    validity_end,
)
from wangjian.zones.models import (
    AnnualSummary,
    CreationTask,
    EvaluationReport,
    EvaluatorAssignment,
    Guidance,
    ItemScore,
    Objection,
    PublicFeedback,
    QuestionnaireResponse,
    Sanction,
    StepRecord,
    SupportRecord,
    TaskProgressReport,
    ZoneApplication,
    ZoneState,
)
from wangjian.zones.programmes import article_label

TWO_PLACES = Decimal("0.01")

MATERIAL_LABELS = {
    "application_report": "申请报告",
    "overall_plan": "创建总体方案",
    "action_plan": "创建行动计划",
    "work_report": "创建工作报告",
    "special_policies": "当地政府出台的专项政策措施",
    "city_opinion": "地市级市场监督管理部门的意见",
}
SANCTION_LABELS = {
    "circulated_criticism": "通报批评",
    "rectification": "限期整改",
    "revocation": "撤销示范区",
}


# ---------------------------------------------------------------------------------------------
# Who the actor is for this application


def require_applicant(actor, application) -> None:
    if actor.jurisdiction is None or actor.jurisdiction.pk != application.division_id:
        raise ZoneStepRefused(
            "not_applicant",
            f"{application}:只有创建地(本辖区)的申报单位人员可以办理此环节",
            f"{application}: only staff of the applicant's own division may take this step",
        )


def require_city_bureau(actor, application) -> None:
    jurisdiction = actor.jurisdiction
    if (
        jurisdiction is None
        or jurisdiction.pk == application.division_id
        or not jurisdiction.contains(application.division)
        or jurisdiction.level not in (DivisionLevel.CITY, DivisionLevel.PROVINCE)
    ):
        raise ZoneStepRefused(
            "not_city_bureau",
            f"{application}:只有创建地所在地市级市场监督管理部门可以办理此环节(第二十条、第二十二条)",
            f"{application}: only the city-level bureau above the applicant may take this step "
            "(articles 20 and 22)",
        )


def require_authority(actor, application) -> None:
    jurisdiction = actor.jurisdiction
    if jurisdiction is None or not jurisdiction.contains(application.programme.territory):
        raise ZoneStepRefused(
            "not_authority",
            f"{application}:只有{application.programme.authority_name}可以办理此环节",
            f"{application}: only the programme's authority "
            f"({application.programme.authority_name}) may take this step",
        )


def _assignment_of(application):
    try:
        return application.assignment
    except EvaluatorAssignment.DoesNotExist:
        return None


def require_evaluator(actor, application, *, declared: bool = True) -> EvaluatorAssignment:
    assignment = _assignment_of(application)
    if assignment is None or assignment.evaluator_unit_id != actor.org_unit_id:
        raise ZoneStepRefused(
            "not_entrusted",
            f"{application}:贵机构未受托评估此申请(第二十九条)",
            f"{application}: your organisation is not entrusted with this application (article 29)",
        )
    if declared and assignment.declared_on is None:
        raise ZoneStepRefused(
            "conflict_not_declared",
            f"{application}:评估机构须先提交利益冲突声明,方可评估",
            f"{application}: the evaluator must declare conflicts of interest before evaluating",
        )
    return assignment


def _citation(application, rule_name: str | None) -> str:
    if rule_name is None:
        return ""
    article = application.programme.rule(rule_name)["article"]
    return f"{application.programme.instrument['key']}:{article}" if article else ""


def _record(application, step, *, actor, on, from_state, details=None, reason="") -> StepRecord:
    article = _citation(application, step.article_rule)
    record = StepRecord.objects.create(
        application=application,
        step=step.name,
        from_state=from_state,
        to_state=application.state,
        taken_on=on,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        article=article,
        details=details or {},
    )
    record_event(
        actor=actor,
        event_type=f"zones.{step.name}",
        target=application,
        division=application.division,
        before={"state": from_state},
        after={"state": application.state, "on": str(on), "article": article, **(details or {})},
        reason=reason,
    )
    return record


def _missing(application, required: list[str], given: dict, field: str, article: str) -> None:
    missing = [key for key in required if not str(given.get(key, "")).strip()]
    if missing:
        names = "、".join(MATERIAL_LABELS.get(key, key) for key in missing)
        raise ZoneStepRefused(
            "missing_materials",
            f"{application}:{field}缺少{names}({article})",
            f"{application}: {field} lacks {', '.join(missing)} ({article})",
        )


def _transition(application, step, *, actor, on, details=None, reason="", **changes):
    from_state = application.state
    if step.to_state is not None:
        application.state = step.to_state
    for name, value in changes.items():
        setattr(application, name, value)
    application.save()
    return _record(
        application,
        step,
        actor=actor,
        on=on,
        from_state=from_state,
        details=details,
        reason=reason,
    )


# ---------------------------------------------------------------------------------------------
# 申报 (第二十条) and approval (第二十一条)


def prepare_application(
    *, actor, programme, name: str, on: dt.date, goals: list[str] | None = None
) -> ZoneApplication:
    """Open an application of the actor's own division under ``programme`` (第四条)."""
    step = check_step("prepare", None, actor)
    division = actor.jurisdiction
    label = f"{division.name if division else '?'}·{programme.name}"
    eligible = programme.rule("eligible_applicants")["value"]
    levels = {"county": DivisionLevel.COUNTY, "city": DivisionLevel.CITY}
    if division is None or division.level not in {levels[level] for level in eligible}:
        raise ZoneStepRefused(
            "not_eligible",
            f"{label}:只有县(市、区)及功能区可以申报({article_label(programme.rule('eligible_applicants')['article'])})",
            f"{label}: only county-level divisions and functional zones may apply",
        )
    if not programme.territory.contains(division):
        raise ZoneStepRefused(
            "outside_territory",
            f"{label}:{division.name}不在{programme.name}的适用区域({programme.territory.name})内",
            f"{label}: {division.code} lies outside the programme's territory "
            f"{programme.territory.code}",
        )
    with transaction.atomic():
        application = ZoneApplication.objects.create(
            programme=programme,
            division=division,
            applicant_unit=actor.org_unit,
            name=name,
            state=ZoneState.DRAFT,
            goals=goals or [],
        )
        _record(application, step, actor=actor, on=on, from_state="", details={"name": name})
    return application


def record_consent(*, actor, application, on: dt.date, document: str) -> ZoneApplication:
    """Record the city-level bureau's consent, which must precede submission (第二十条)."""
    step = check_step("consent", application, actor)
    require_city_bureau(actor, application)
    consent = {"unit": str(actor.org_unit), "document": document, "on": str(on)}
    with transaction.atomic():
        _transition(application, step, actor=actor, on=on, details=consent, consent=consent)
    return application


def submit_application(*, actor, application, on: dt.date, materials: dict) -> ZoneApplication:
    """Submit 申请报告, 创建总体方案 and 创建行动计划 to the authority (第二十条)."""
    step = check_step("submit", application, actor)
    require_applicant(actor, application)
    rule = application.programme.rule("application_materials")
    _missing(application, rule["value"], materials, "申报材料", article_label(rule["article"]))
    with transaction.atomic():
        _transition(
            application,
            step,
            actor=actor,
            on=on,
            details={"materials": sorted(materials)},
            materials=materials,
            submitted_on=on,
        )
    return application


def review_application(*, actor, application, on: dt.date, opinion: str) -> ZoneApplication:
    """The authority finds the materials in order for the office meeting (第二十一条)."""
    step = check_step("review", application, actor)
    require_authority(actor, application)
    with transaction.atomic():
        _transition(application, step, actor=actor, on=on, details={"opinion": opinion})
    return application


def reject_application(*, actor, application, on: dt.date, reason: str) -> ZoneApplication:
    step = check_step("reject", application, actor)
    require_authority(actor, application)
    with transaction.atomic():
        _transition(application, step, actor=actor, on=on, reason=reason)
    return application


def approve_creation(
    *, actor, application, on: dt.date, meeting: str, document: str
) -> ZoneApplication:
    """Record the meeting and approval document; the creation clock starts (第二十三条)."""
    step = check_step("approve", application, actor)
    require_authority(actor, application)
    deadline = creation_deadline(application.programme, on)
    with transaction.atomic():
        _transition(
            application,
            step,
            actor=actor,
            on=on,
            details={"meeting": meeting, "document": document, "deadline": str(deadline)},
            approved_on=on,
            approval_document=document,
            creation_deadline=deadline,
        )
    return application


# ---------------------------------------------------------------------------------------------
# Creation (第二十二条)


def add_creation_task(
    *,
    actor,
    application,
    group: str,
    number: int,
    title: str,
    owner_department: str,
    due_on: dt.date,
    description: str = "",
) -> CreationTask:
    check_step("add_task", application, actor)
    require_applicant(actor, application)
    if application.tasks.filter(number=number).exists():
        raise ZoneStepRefused(
            "duplicate_task",
            f"{application}:任务序号 {number} 已存在",
            f"{application}: task number {number} already exists",
        )
    if due_on > application.creation_deadline:
        raise ZoneStepRefused(
            "task_after_deadline",
            f"{application}:任务 {number} 的完成期限 {due_on} 晚于创建期限 "
            f"{application.creation_deadline}(第二十三条)",
            f"{application}: task {number} is due {due_on}, after the creation deadline "
            f"{application.creation_deadline} (article 23)",
        )
    with transaction.atomic():
        task = CreationTask.objects.create(
            application=application,
            group=group,
            number=number,
            title=title,
            description=description,
            owner_department=owner_department,
            due_on=due_on,
        )
        record_event(
            actor=actor,
            event_type="zones.task_added",
            target=task,
            division=application.division,
            after={
                "number": number,
                "title": title,
                "owner": owner_department,
                "due_on": str(due_on),
            },
        )
    return task


def report_task_progress(
    *, actor, task, on: dt.date, progress_percent: int, text: str, supporting_material: str = ""
) -> TaskProgressReport:
    application = task.application
    check_step("report_progress", application, actor)
    require_applicant(actor, application)
    if not 0 <= progress_percent <= 100:
        raise ZoneStepRefused(
            "bad_progress",
            f"{task}:进度须在 0 至 100 之间,收到 {progress_percent}",
            f"{task}: progress must lie between 0 and 100, got {progress_percent}",
        )
    with transaction.atomic():
        report = TaskProgressReport.objects.create(
            task=task,
            reported_on=on,
            progress_percent=progress_percent,
            text=text,
            supporting_material=supporting_material,
            reported_by=actor,
        )
        before = task.progress_percent
        task.progress_percent = progress_percent
        task.save(update_fields=["progress_percent"])
        record_event(
            actor=actor,
            event_type="zones.task_progress_reported",
            target=task,
            division=application.division,
            before={"progress": before},
            after={"progress": progress_percent, "on": str(on)},
        )
    return report


def give_guidance(*, actor, application, on: dt.date, text: str) -> Guidance:
    """The city-level bureau's guidance during creation (第二十二条)."""
    check_step("give_guidance", application, actor)
    require_city_bureau(actor, application)
    with transaction.atomic():
        guidance = Guidance.objects.create(
            application=application, given_on=on, text=text, given_by=actor
        )
        record_event(
            actor=actor,
            event_type="zones.guidance_given",
            target=application,
            division=application.division,
            after={"on": str(on), "text": text},
        )
    return guidance


def apply_for_acceptance(*, actor, application, on: dt.date, materials: dict) -> ZoneApplication:
    """验收申请 with the materials of 第二十四条, only within the creation period (第二十三条)."""
    step = check_step("apply_acceptance", application, actor)
    require_applicant(actor, application)
    if on > application.creation_deadline:
        raise ZoneStepRefused(
            "creation_period_over",
            f"{application}:创建期限已于 {application.creation_deadline} 届满,不能再申请验收"
            f"(第二十三条)",
            f"{application}: the creation period ended on {application.creation_deadline}; "
            "acceptance can no longer be applied for (article 23)",
        )
    rule = application.programme.rule("acceptance_materials")
    _missing(application, rule["value"], materials, "验收材料", article_label(rule["article"]))
    with transaction.atomic():
        _transition(
            application,
            step,
            actor=actor,
            on=on,
            details={"materials": sorted(materials)},
            acceptance_applied_on=on,
            acceptance_materials=materials,
        )
    return application


# ---------------------------------------------------------------------------------------------
# Third-party evaluation (第二十五、二十八至三十一条)


def entrust_evaluator(*, actor, application, on: dt.date, evaluator_unit) -> EvaluatorAssignment:
    step = check_step("entrust", application, actor)
    require_authority(actor, application)
    if evaluator_unit.kind != "evaluator":
        raise ZoneStepRefused(
            "not_an_evaluator",
            f"{application}:{evaluator_unit}不是评估机构,不能受托评估(第二十九条)",
            f"{application}: {evaluator_unit} is not an evaluator organisation (article 29)",
        )
    with transaction.atomic():
        assignment = EvaluatorAssignment.objects.create(
            application=application, evaluator_unit=evaluator_unit, entrusted_on=on
        )
        _transition(
            application, step, actor=actor, on=on, details={"evaluator": str(evaluator_unit)}
        )
    return assignment


def declare_conflict_of_interest(
    *, actor, application, on: dt.date, has_conflict: bool, statement: str
) -> EvaluatorAssignment:
    """The entrusted organisation declares its interests; a conflict ends the entrustment."""
    step = check_step("declare", application, actor)
    assignment = require_evaluator(actor, application, declared=False)
    if has_conflict:
        with transaction.atomic():
            _record(
                application,
                step,
                actor=actor,
                on=on,
                from_state=application.state,
                details={"has_conflict": True, "statement": statement},
                reason="利益冲突,委托终止",
            )
            application.state = ZoneState.ACCEPTANCE_APPLIED
            application.save(update_fields=["state"])
            assignment.delete()
        raise ZoneStepRefused(
            "conflict_of_interest",
            f"{application}:评估机构声明存在利益冲突,委托已终止,请另行委托",
            f"{application}: the evaluator declared a conflict of interest; the entrustment "
            "has ended and another evaluator must be entrusted",
        )
    with transaction.atomic():
        assignment.declared_on = on
        assignment.declaration = statement
        assignment.declared_by = actor
        assignment.save(update_fields=["declared_on", "declaration", "declared_by"])
        _record(
            application,
            step,
            actor=actor,
            on=on,
            from_state=application.state,
            details={"has_conflict": False, "statement": statement},
        )
    return assignment


def score_item(
    *, actor, application, item_key: str, score, evidence: str, on: dt.date, comment: str = ""
) -> ItemScore:
    """Score one rubric item on site, with the evidence it needs (第三十一条)."""
    check_step("score", application, actor)
    require_evaluator(actor, application)
    item = application.programme.rubric_items.filter(key=item_key).first()
    if item is None:
        raise ZoneStepRefused(
            "unknown_item",
            f"{application}:评估标准中没有指标 {item_key}",
            f"{application}: the rubric has no item {item_key}",
        )
    value = Decimal(str(score))
    if not Decimal(0) <= value <= item.weight:
        raise ZoneStepRefused(
            "score_out_of_range",
            f"{application}:指标「{item.name}」的得分须在 0 至 {item.weight} 之间,收到 {value}",
            f"{application}: the score of {item.key} must lie between 0 and {item.weight}, "
            f"got {value}",
        )
    if not evidence.strip():
        raise ZoneStepRefused(
            "evidence_missing",
            f"{application}:指标「{item.name}」须附佐证材料({item.evidence_needed})",
            f"{application}: item {item.key} needs its evidence ({item.evidence_needed})",
        )
    with transaction.atomic():
        existing = ItemScore.objects.filter(application=application, item=item).first()
        before = None if existing is None else {"score": str(existing.score)}
        if existing is None:
            existing = ItemScore(application=application, item=item)
        existing.score = value
        existing.evidence = evidence
        existing.comment = comment
        existing.scored_on = on
        existing.scored_by = actor
        existing.save()
        record_event(
            actor=actor,
            event_type="zones.item_scored",
            target=application,
            division=application.division,
            before=before,
            after={"item": item.key, "score": str(value), "on": str(on)},
        )
    return existing


def open_questionnaire(*, actor, application, on: dt.date) -> EvaluatorAssignment:
    """Publish the social-evaluation questionnaire on the public page (第三十一条)."""
    step = check_step("open_questionnaire", application, actor)
    assignment = require_evaluator(actor, application)
    if not application.programme.questionnaire.get("questions"):
        raise ZoneStepRefused(
            "no_questionnaire",
            f"{application}:该创建办法没有社会评价问卷",
            f"{application}: the programme has no questionnaire",
        )
    with transaction.atomic():
        assignment.questionnaire_open = True
        assignment.save(update_fields=["questionnaire_open"])
        _record(application, step, actor=actor, on=on, from_state=application.state)
    return assignment


def submit_questionnaire_response(*, application, answers: dict, comment: str = ""):
    """A member of the public answers the questionnaire (no sign-in: 第三十一条 社会评价)."""
    assignment = _assignment_of(application)
    if (
        application.state != ZoneState.EVALUATING
        or assignment is None
        or not assignment.questionnaire_open
    ):
        raise ZoneStepRefused(
            "questionnaire_closed",
            f"{application}:社会评价问卷未在征集中",
            f"{application}: the questionnaire is not open",
        )
    questionnaire = application.programme.questionnaire
    scale = int(questionnaire["scale"])
    clean = {}
    for question in questionnaire["questions"]:
        raw = answers.get(question["key"])
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= scale:
            raise ZoneStepRefused(
                "bad_answer",
                f"{application}:问题「{question['text']}」须选择 1 至 {scale} 分",
                f"{application}: question {question['key']} needs an answer from 1 to {scale}",
            )
        clean[question["key"]] = value
    with transaction.atomic():
        response = QuestionnaireResponse.objects.create(
            application=application, answers=clean, comment=comment
        )
        record_event(
            actor=None,
            event_type="zones.questionnaire_answered",
            target=response,
            division=application.division,
            after={"application": application.pk},
        )
    return response


def record_public_feedback(
    *, actor, application, on: dt.date, channel: str, summary: str, favourable: bool
) -> PublicFeedback:
    check_step("record_feedback", application, actor)
    require_evaluator(actor, application)
    with transaction.atomic():
        feedback = PublicFeedback.objects.create(
            application=application,
            channel=channel,
            summary=summary,
            favourable=favourable,
            recorded_on=on,
        )
        record_event(
            actor=actor,
            event_type="zones.feedback_recorded",
            target=application,
            division=application.division,
            after={"channel": channel, "favourable": favourable, "on": str(on)},
        )
    return feedback


def social_score(application) -> tuple[Decimal, dict]:
    """The questionnaire average mapped onto the programme's social weight.

    The average answer ``a`` on a 1 … ``scale`` scale scores ``(a − 1) / (scale − 1)`` of the
    weight; no responses score 0.
    """
    programme = application.programme
    scale = int(programme.questionnaire.get("scale", 5))
    responses = list(application.questionnaire_responses.values_list("answers", flat=True))
    answers = [value for response in responses for value in response.values()]
    if not answers:
        return Decimal("0.00"), {"responses": 0, "average": None}
    average = Decimal(sum(answers)) / Decimal(len(answers))
    score = (average - 1) / Decimal(scale - 1) * programme.social_weight
    return score.quantize(TWO_PLACES, ROUND_HALF_UP), {
        "responses": len(responses),
        "average": str(average.quantize(TWO_PLACES, ROUND_HALF_UP)),
    }


def evaluation_figures(application) -> dict:
    """Professional score per item and group, social score and total, all as strings."""
    scores = {score.item_id: score for score in application.scores.select_related("item")}
    items, groups = [], {}
    professional = Decimal(0)
    for item in application.programme.rubric_items.all():
        score = scores.get(item.pk)
        items.append(
            {
                "key": item.key,
                "group": item.group_name,
                "name": item.name,
                "article": article_label(item.article),
                "weight": str(item.weight),
                "score": None if score is None else str(score.score),
                "evidence": "" if score is None else score.evidence,
                "comment": "" if score is None else score.comment,
            }
        )
        if score is not None:
            professional += score.score
            groups[item.group_name] = groups.get(item.group_name, Decimal(0)) + score.score
    social, social_details = social_score(application)
    feedback = list(application.feedback.values("channel", "summary", "favourable"))
    return {
        "items": items,
        "groups": {name: str(value) for name, value in groups.items()},
        "professional": str(professional.quantize(TWO_PLACES)),
        "social": str(social),
        "social_details": social_details,
        "feedback": feedback,
        "total": str((professional + social).quantize(TWO_PLACES)),
        "unscored": [item["key"] for item in items if item["score"] is None],
    }


def issue_evaluation_report(
    *, actor, application, on: dt.date, conclusion: str
) -> EvaluationReport:
    """The written report (第二十九条); every rubric item must have been scored."""
    step = check_step("issue_report", application, actor)
    require_evaluator(actor, application)
    figures = evaluation_figures(application)
    if not figures["items"]:
        raise ZoneStepRefused(
            "no_rubric",
            f"{application}:该创建办法尚无评估标准,不能出具评估报告",
            f"{application}: the programme has no rubric; no report can be issued",
        )
    if figures["unscored"]:
        raise ZoneStepRefused(
            "items_unscored",
            f"{application}:尚有 {len(figures['unscored'])} 项指标未评分:"
            f"{'、'.join(figures['unscored'])}",
            f"{application}: {len(figures['unscored'])} items are not scored: "
            f"{', '.join(figures['unscored'])}",
        )
    pass_mark = Decimal(str(application.programme.rule("pass_mark")["value"]))
    total = Decimal(figures["total"])
    passed = total >= pass_mark
    with transaction.atomic():
        report = EvaluationReport.objects.create(
            application=application,
            issued_on=on,
            professional_score=Decimal(figures["professional"]),
            social_score=Decimal(figures["social"]),
            total_score=total,
            pass_mark=pass_mark,
            passed=passed,
            conclusion=conclusion,
            figures=figures,
            issued_by=actor,
        )
        _transition(
            application,
            step,
            actor=actor,
            on=on,
            details={"total": str(total), "pass_mark": str(pass_mark), "passed": passed},
        )
    return report


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
    with transaction.atomic():
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
    with transaction.atomic():
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
    with transaction.atomic():
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
    check_step("record_support", application, actor)
    require_authority(actor, application)
    if kind not in ("policy", "fund"):
        raise ZoneStepRefused(
            "bad_support_kind",
            f"{application}:支持类别须为 policy(政策支持)或 fund(专项资金)",
            f"{application}: support kind must be policy or fund",
        )
    with transaction.atomic():
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


# ---------------------------------------------------------------------------------------------
# Dynamic management (第三十三至三十五条)


def submit_annual_summary(
    *, actor, application, year: int, on: dt.date, text: str
) -> AnnualSummary:
    """The yearly summary; a late one is accepted and flagged overdue (第三十三条)."""
    check_step("submit_summary", application, actor)
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
    with transaction.atomic():
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
    with transaction.atomic():
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
    with transaction.atomic():
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
    with transaction.atomic():
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
    with transaction.atomic():
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


# ---------------------------------------------------------------------------------------------
# Indicator board


def enter_indicator_value(
    *,
    actor,
    application,
    indicator_key: str,
    period: str,
    value,
    source: str,
    comparison_value=None,
):
    """Enter (or correct) one figure with its period and source."""
    from wangjian.zones.models import IndicatorDefinition, IndicatorValue

    if not actor.has_capability("zones.enter_indicator"):
        raise ZoneStepRefused(
            "wrong_role",
            f"{application}:角色「{actor.get_role_display()}」不能录入指标",
            f"{application}: role {actor.role} may not enter indicators",
        )
    if actor.jurisdiction is None or not actor.jurisdiction.contains(application.division):
        raise ZoneStepRefused(
            "not_applicant",
            f"{application}:只有创建地及其上级市场监督管理部门可以录入指标",
            f"{application}: only bureaus of or above the zone may enter indicators",
        )
    indicator = IndicatorDefinition.objects.filter(key=indicator_key, kind="entered").first()
    if indicator is None:
        raise ZoneStepRefused(
            "unknown_indicator",
            f"{application}:没有可录入的指标 {indicator_key}",
            f"{application}: no entered indicator {indicator_key}",
        )
    if not source.strip() or not period.strip():
        raise ZoneStepRefused(
            "indicator_incomplete",
            f"{application}:指标「{indicator.name}」须注明统计期和数据来源",
            f"{application}: indicator {indicator_key} needs its period and source",
        )
    try:
        number = Decimal(str(value))
        comparison = None if comparison_value in (None, "") else Decimal(str(comparison_value))
    except ArithmeticError as error:
        raise ZoneStepRefused(
            "bad_number",
            f"{application}:指标「{indicator.name}」的数值 {value!r} 不是数字",
            f"{application}: the value {value!r} of {indicator_key} is not a number",
        ) from error
    with transaction.atomic():
        row, created = IndicatorValue.objects.update_or_create(
            application=application,
            indicator=indicator,
            period=period,
            defaults={
                "value": number,
                "unit": indicator.unit,
                "source": source,
                "comparison_value": comparison,
                "entered_by": actor,
            },
        )
        record_event(
            actor=actor,
            event_type="zones.indicator_entered",
            target=application,
            division=application.division,
            after={
                "indicator": indicator_key,
                "period": period,
                "value": str(number),
                "source": source,
                "created": created,
            },
        )
    return row
