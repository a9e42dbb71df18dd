"""Third-party evaluation (第三方评估, 第二十五、二十八至三十一条)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.zones.actions.common import (
    TWO_PLACES,
    _assignment_of,
    _record,
    _transition,
    require_authority,
    require_evaluator,
    step_transaction,
)
from wangjian.zones.lifecycle import ZoneStepRefused, check_step
from wangjian.zones.models import (
    EvaluationReport,
    EvaluatorAssignment,
    ItemScore,
    PublicFeedback,
    QuestionnaireResponse,
    ZoneState,
)
from wangjian.zones.programmes import article_label

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
    with step_transaction(application, step):
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
        with step_transaction(application, step):
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
    with step_transaction(application, step):
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
    step = check_step("score", application, actor)
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
    with step_transaction(application, step):
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
    with step_transaction(application, step):
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
    step = check_step("record_feedback", application, actor)
    require_evaluator(actor, application)
    with step_transaction(application, step):
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
    with step_transaction(application, step):
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
