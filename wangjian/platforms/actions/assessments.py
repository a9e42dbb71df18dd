"""Data-compliance self-assessments (数据合规自评估) and their rectification."""

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.platforms.actions.common import PlatformEvent, _require
from wangjian.platforms.error_codes import PlatformErrorCode, PlatformNotPermitted, PlatformRefused
from wangjian.registry.models import Platform

# --------------------------------------------------------------------------------------------
# 数据合规自评估


def _require_assessment(actor, capability: str, assessment) -> None:
    from wangjian.platforms.models import SelfAssessment

    if actor is None:
        return
    if not actor.has_capability(capability):
        raise PlatformNotPermitted("无此权限 / not permitted")
    if not SelfAssessment.objects.visible_to(actor).filter(pk=assessment.pk).exists():
        raise PlatformNotPermitted(
            "无权操作该自评估 / not permitted for this self-assessment",
        )


def start_assessment(*, actor, platform: Platform | None = None, entity=None):
    """Open a draft self-assessment on the current questionnaire version.

    A platform account answers for its platform (the operating entity is the respondent); a
    merchant for its own entity. Raise ``PermissionDenied`` otherwise and ``ValidationError``
    when the entity has no division to file with.
    """
    from wangjian.platforms.models import SelfAssessment
    from wangjian.platforms.selfassessment import current_questionnaire
    from wangjian.registry.models import MarketEntity

    if actor is None or not actor.has_capability("platforms.self_assess"):
        raise PlatformNotPermitted("无此权限 / not permitted")
    if platform is not None:
        _require(actor, "platforms.self_assess", platform)
        entity, division = platform.entity, platform.division
    else:
        if entity is None or not MarketEntity.objects.visible_to(actor).filter(pk=entity.pk):
            raise PlatformNotPermitted(
                "无权为该主体填报 / not permitted for this entity",
            )
        division = entity.division
        if division is None:
            raise PlatformRefused(
                f"市场主体 {entity.name}：登记信息缺少所在区划，无法确定受理的监管部门 / entity "
                f"{entity.name} has no division, so no bureau can receive its self-assessment"
            )
    questionnaire = current_questionnaire()
    with transaction.atomic():
        assessment = SelfAssessment.objects.create(
            questionnaire_key=questionnaire.key,
            questionnaire_version=questionnaire.version,
            entity=entity,
            platform=platform,
            division=division,
            created_by=actor,
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.ASSESSMENT_STARTED,
            target=assessment,
            division=division,
            after={"questionnaire": questionnaire.version, "entity": entity.uscc},
        )
    return assessment


def _locked_assessment(assessment):
    from wangjian.platforms.models import SelfAssessment

    return SelfAssessment.objects.select_for_update().get(pk=assessment.pk)


def _editable(assessment) -> None:
    from wangjian.platforms.choices import AssessmentState

    if assessment.state not in (AssessmentState.DRAFT, AssessmentState.RETURNED):
        raise PlatformRefused(
            f"自评估 #{assessment.pk} 已提交（{assessment.get_state_display()}），不能修改 / "
            f"self-assessment #{assessment.pk} is {assessment.state} and cannot be changed",
            code=PlatformErrorCode.WRONG_STATE,
        )


def save_answers(*, actor, assessment, answers: dict):
    """Save (part of) the answers of a draft; each answer is checked against its item.

    ``answers`` maps item keys to ``{"answer", "note", "evidence"}``; an empty answer clears the
    item. Raise ``ValidationError`` naming the item for an invalid answer or a submitted
    assessment.
    """
    from wangjian.platforms.selfassessment import check_answer, questionnaire_version

    _require_assessment(actor, "platforms.self_assess", assessment)
    with transaction.atomic():
        assessment = _locked_assessment(assessment)
        _editable(assessment)
        questionnaire = questionnaire_version(assessment.questionnaire_version)
        merged = dict(assessment.answers)
        changed = []
        for key, value in answers.items():
            answer = (value.get("answer") or "").strip()
            if not answer:
                if key in merged:
                    merged.pop(key)
                    changed.append(key)
                continue
            check_answer(questionnaire, key, answer)
            entry = {
                "answer": answer,
                "note": (value.get("note") or "").strip(),
                "evidence": (value.get("evidence") or "").strip(),
            }
            if merged.get(key) != entry:
                merged[key] = entry
                changed.append(key)
        if not changed:
            return assessment
        before = {key: assessment.answers.get(key) for key in changed}
        assessment.answers = merged
        assessment.save(update_fields=["answers", "updated_at"])
        record_event(
            actor=actor,
            event_type=PlatformEvent.ASSESSMENT_SAVED,
            target=assessment,
            division=assessment.division,
            before=before,
            after={key: merged.get(key) for key in changed},
        )
    return assessment


def submit_assessment(*, actor, assessment, today=None):
    """Submit a complete draft: score it, list the gaps and plan their rectification.

    Each gap's deadline is counted on the working-day calendar from the submission day. Raise
    ``ValidationError`` when items are unanswered, the assessment was already submitted, or the
    calendar of a year a deadline reaches is not entered yet (no deadline is guessed).
    """
    from wangjian.core.working_days import CalendarYearNotCovered, add_working_days
    from wangjian.platforms.choices import AssessmentState
    from wangjian.platforms.models import RectificationItem
    from wangjian.platforms.selfassessment import questionnaire_version, score

    _require_assessment(actor, "platforms.self_assess", assessment)
    today = today or timezone.localdate()
    with transaction.atomic():
        assessment = _locked_assessment(assessment)
        _editable(assessment)
        questionnaire = questionnaire_version(assessment.questionnaire_version)
        result = score(questionnaire, assessment.answers)
        if result.unanswered:
            titles = "、".join(
                questionnaire.item(key)["text"][:16] + "…" for key in result.unanswered[:3]
            )
            raise PlatformRefused(
                f"自评估 #{assessment.pk}：尚有 {len(result.unanswered)} 题未答复（{titles}）/ "
                f"{len(result.unanswered)} items are unanswered: {', '.join(result.unanswered)}"
            )
        plan = []
        for gap in result.gaps:
            days = gap["rectification_working_days"]
            try:
                due = add_working_days(today, days)
            except CalendarYearNotCovered as error:
                raise PlatformRefused(
                    f"自评估 #{assessment.pk}：整改期限涉及尚未录入的工作日历年度（{error}），"
                    "请系统管理员先录入该年度节假日安排 / the working-day calendar does not cover "
                    "the year a rectification deadline reaches",
                    code=PlatformErrorCode.BAD_DATE,
                ) from error
            plan.append((gap, days, due))
        assessment.rectifications.all().delete()
        RectificationItem.objects.bulk_create(
            [
                RectificationItem(
                    assessment=assessment,
                    item_key=gap["item"],
                    title=gap["text"],
                    basis=gap["basis"],
                    due_on=due,
                    working_days=days,
                )
                for gap, days, due in plan
            ]
        )
        before = {"state": assessment.state}
        assessment.state = AssessmentState.SUBMITTED
        assessment.score = result.score
        assessment.earned = result.earned
        assessment.possible = result.possible
        assessment.gaps = result.gaps
        assessment.topic_scores = result.topic_percentages()
        assessment.submitted_on = today
        assessment.save(
            update_fields=[
                "state",
                "score",
                "earned",
                "possible",
                "gaps",
                "topic_scores",
                "submitted_on",
                "updated_at",
            ]
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.ASSESSMENT_SUBMITTED,
            target=assessment,
            division=assessment.division,
            before=before,
            after={
                "state": assessment.state,
                "score": str(result.score),
                "gaps": [gap["item"] for gap in result.gaps],
            },
        )
    return assessment


def comment_assessment(*, actor, assessment, text: str):
    """Add a comment by the reviewing regulator or the respondent."""
    from wangjian.platforms.models import AssessmentComment

    capability = (
        "platforms.review_assessment"
        if actor is not None and actor.has_capability("platforms.review_assessment")
        else "platforms.self_assess"
    )
    _require_assessment(actor, capability, assessment)
    if not text.strip():
        raise PlatformRefused(f"自评估 #{assessment.pk}：意见内容为空 / the comment is empty")
    with transaction.atomic():
        _locked_assessment(assessment)
        comment = AssessmentComment.objects.create(
            assessment=assessment, author=actor, text=text.strip()
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.ASSESSMENT_COMMENTED,
            target=assessment,
            division=assessment.division,
            after={"comment": comment.text},
        )
    return comment


def review_assessment(*, actor, assessment, accept: bool, comment: str = ""):
    """A regulator accepts a submitted self-assessment or returns it for changes (with reasons).

    Raise ``ValidationError`` unless it is submitted, or when a return has no comment.
    """
    from wangjian.platforms.choices import AssessmentState
    from wangjian.platforms.models import AssessmentComment

    _require_assessment(actor, "platforms.review_assessment", assessment)
    with transaction.atomic():
        assessment = _locked_assessment(assessment)
        if assessment.state != AssessmentState.SUBMITTED:
            raise PlatformRefused(
                f"自评估 #{assessment.pk} 不在待审核状态（{assessment.get_state_display()}）/ "
                "only a submitted self-assessment can be reviewed",
                code=PlatformErrorCode.WRONG_STATE,
            )
        if not accept and not comment.strip():
            raise PlatformRefused(
                f"自评估 #{assessment.pk}：退回须写明理由 / returning it needs a comment",
                code=PlatformErrorCode.REASON_MISSING,
            )
        assessment.state = AssessmentState.ACCEPTED if accept else AssessmentState.RETURNED
        assessment.reviewed_by = actor
        assessment.reviewed_at = timezone.now()
        assessment.save(update_fields=["state", "reviewed_by", "reviewed_at", "updated_at"])
        if comment.strip():
            AssessmentComment.objects.create(
                assessment=assessment, author=actor, text=comment.strip()
            )
        record_event(
            actor=actor,
            event_type=PlatformEvent.ASSESSMENT_REVIEWED,
            target=assessment,
            division=assessment.division,
            before={"state": AssessmentState.SUBMITTED},
            after={"state": assessment.state},
            reason=comment.strip(),
        )
    return assessment


def complete_rectification(*, actor, item, note: str, today=None):
    """The respondent reports a rectification item done, with what was changed.

    Raise ``ValidationError`` when it is already done or the note is empty.
    """
    from wangjian.platforms.models import RectificationItem

    _require_assessment(actor, "platforms.self_assess", item.assessment)
    if not note.strip():
        raise PlatformRefused(
            f"整改事项 #{item.pk}：整改说明 必填 / a note is required",
            code=PlatformErrorCode.FIELD_REQUIRED,
        )
    with transaction.atomic():
        item = RectificationItem.objects.select_for_update().get(pk=item.pk)
        if item.completed_on is not None:
            raise PlatformRefused(
                f"整改事项 #{item.pk} 已完成 / already completed",
                code=PlatformErrorCode.WRONG_STATE,
            )
        item.completed_on = today or timezone.localdate()
        item.note = note.strip()
        item.save(update_fields=["completed_on", "note"])
        record_event(
            actor=actor,
            event_type=PlatformEvent.RECTIFICATION_COMPLETED,
            target=item.assessment,
            division=item.assessment.division,
            after={"item": item.item_key, "completed_on": item.completed_on, "note": item.note},
        )
    return item
