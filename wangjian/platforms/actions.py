"""Every state change of the platforms app. Each action takes a keyword-only ``actor`` (None for
the system), runs in one transaction and writes its audit event inside it."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.platforms import classification
from wangjian.platforms.choices import DeclarationState, RestrictionAbility
from wangjian.platforms.models import (
    ObligationDeclaration,
    PlatformClassification,
    PlatformYearInput,
    RuleChangeNotice,
)
from wangjian.platforms.obligations import obligation, parse_period
from wangjian.registry.models import Platform


class PlatformEvent:
    """Audit event types of the platforms app."""

    INPUTS_RECORDED = "platforms.inputs_recorded"
    CLASSIFIED = "platforms.classified"
    RULE_CHANGE_RECORDED = "platforms.rule_change_recorded"
    OBLIGATION_DECLARED = "platforms.obligation_declared"
    DECLARATION_REVIEWED = "platforms.declaration_reviewed"
    ASSESSMENT_STARTED = "platforms.assessment_started"
    ASSESSMENT_SAVED = "platforms.assessment_saved"
    ASSESSMENT_SUBMITTED = "platforms.assessment_submitted"
    ASSESSMENT_COMMENTED = "platforms.assessment_commented"
    ASSESSMENT_REVIEWED = "platforms.assessment_reviewed"
    RECTIFICATION_COMPLETED = "platforms.rectification_completed"
    GUIDE_DRAFTED = "platforms.guide_drafted"
    GUIDE_PUBLISHED = "platforms.guide_published"
    ACTION_REQUESTED = "platforms.action_requested"
    ACTION_REPLIED = "platforms.action_replied"
    NOTICE_SENT = "platforms.notice_sent"
    NOTICE_ACKNOWLEDGED = "platforms.notice_acknowledged"
    NOTICE_ANSWERED = "platforms.notice_answered"


def _require(actor, capability: str, platform: Platform | None = None) -> None:
    """Raise PermissionDenied unless ``actor`` has ``capability`` and reaches ``platform``."""
    if actor is None:
        return
    if not actor.has_capability(capability):
        raise PermissionDenied("无此权限 / not permitted")
    if platform is not None and not Platform.objects.visible_to(actor).filter(pk=platform.pk):
        raise PermissionDenied("无权操作该平台 / not permitted for this platform")


def _locked_platform(platform: Platform) -> Platform:
    return Platform.objects.select_for_update().get(pk=platform.pk)


# --------------------------------------------------------------------------------------------
# 分类分级


def _clean_lines(rules, lines, record: str) -> list[dict]:
    if not lines:
        raise ValidationError(
            f"{record}：业务线 至少填写一条 / {record}: business_lines needs at least one line"
        )
    clean = []
    for position, line in enumerate(lines, start=1):
        name = str(line.get("name", "")).strip()
        category = line.get("category", "")
        subtype = line.get("subtype", "") or ""
        where = f"{record} 业务线第{position}条 / {record} business line {position}"
        if not name:
            raise ValidationError(f"{where}：名称 必填 / name is required")
        if category not in rules.categories:
            raise ValidationError(
                f"{where}：平台类别 {category!r} 不在《{rules.title}》的六类之中 / category "
                f"{category!r} is not one of the six categories of the rules"
            )
        if subtype and not rules.subtype_label(category, subtype):
            raise ValidationError(
                f"{where}：子类 {subtype!r} 不属于 {rules.category_label(category)} / subtype "
                f"{subtype!r} does not belong to category {category}"
            )
        clean.append(
            {
                "name": name,
                "category": category,
                "subtype": subtype,
                "is_main": bool(line.get("is_main")),
                "is_core": bool(line.get("is_core")),
            }
        )
    if sum(line["is_main"] for line in clean) > 1:
        raise ValidationError(
            f"{record}：主营业务 只能标一条 / {record}: only one line may be the main business"
        )
    return clean


def record_year_inputs(
    *,
    actor,
    platform: Platform,
    year: int,
    annual_active_users: int,
    business_lines: list,
    market_value_100m,
    restriction_ability: str,
    source: str,
) -> PlatformClassification:
    """Store (or replace) the classification inputs of ``platform`` for ``year`` and classify it.

    The previous inputs, if any, are kept in the audit event's ``before``. Raise
    ``ValidationError`` naming the field for bad input and ``PermissionDenied`` when ``actor``
    may not record inputs for the platform.
    """
    _require(actor, "platforms.record_inputs", platform)
    rules = classification.current_rules()
    record = f"平台 {platform.name} {year} 年度"
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError(f"{record}：年度 无效 / {record}: year is invalid")
    if not isinstance(annual_active_users, int) or annual_active_users < 0:
        raise ValidationError(
            f"{record}：年活跃用户数 须为非负整数 / {record}: annual_active_users must be a "
            "non-negative integer"
        )
    try:
        value = Decimal(str(market_value_100m))
    except InvalidOperation as error:
        raise ValidationError(
            f"{record}：市值或估值 须为数字（亿元）/ {record}: market_value_100m must be a number"
        ) from error
    if value < 0:
        raise ValidationError(f"{record}：市值或估值 不得为负 / market value may not be negative")
    if restriction_ability not in RestrictionAbility.values:
        raise ValidationError(
            f"{record}：限制能力 {restriction_ability!r} 无效 / restriction_ability is invalid"
        )
    if not (source or "").strip():
        raise ValidationError(f"{record}：数据来源 必填 / {record}: source is required")
    lines = _clean_lines(rules, business_lines, record)
    with transaction.atomic():
        _locked_platform(platform)
        existing = PlatformYearInput.objects.filter(platform=platform, year=year).first()
        before = existing.as_inputs() | {"source": existing.source} if existing else None
        inputs, _created = PlatformYearInput.objects.update_or_create(
            platform=platform,
            year=year,
            defaults={
                "annual_active_users": annual_active_users,
                "business_lines": lines,
                "market_value_100m": value,
                "restriction_ability": restriction_ability,
                "source": source.strip(),
                "recorded_by": actor if actor is not None else None,
            },
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.INPUTS_RECORDED,
            target=platform,
            division=platform.division,
            before=before,
            after=inputs.as_inputs() | {"year": year, "source": inputs.source},
        )
        return _classify(actor, platform, inputs, rules)


def _classify(actor, platform, inputs: PlatformYearInput, rules) -> PlatformClassification:
    result = classification.classify(rules, inputs.as_inputs())
    previous = PlatformClassification.objects.filter(
        platform=platform, year=inputs.year, is_current=True
    ).first()
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    outcome = PlatformClassification.objects.create(
        platform=platform,
        year=inputs.year,
        category=result.category,
        subtype=result.subtype,
        tier=result.tier,
        rule_key=rules.key,
        rule_version=rules.version,
        rule_sha256=rules.sha256,
        inputs=inputs.as_inputs() | {"source": inputs.source},
        reasons=result.reasons,
    )
    record_event(
        actor=actor,
        event_type=PlatformEvent.CLASSIFIED,
        target=platform,
        division=platform.division,
        before=None
        if previous is None
        else {"tier": previous.tier, "category": previous.category, "rules": previous.rule_version},
        after={
            "year": inputs.year,
            "tier": outcome.tier,
            "category": outcome.category,
            "subtype": outcome.subtype,
            "rules": rules.version,
        },
    )
    return outcome


def reclassify(*, actor, platform: Platform, year: int) -> PlatformClassification:
    """Classify the stored inputs of ``platform`` for ``year`` again with the current rules.

    Raise ``ValidationError`` when no inputs are stored for that year.
    """
    _require(actor, "platforms.record_inputs", platform)
    with transaction.atomic():
        _locked_platform(platform)
        inputs = PlatformYearInput.objects.filter(platform=platform, year=year).first()
        if inputs is None:
            raise ValidationError(
                f"平台 {platform.name}：{year} 年度尚无分类分级输入 / no inputs for {year}"
            )
        return _classify(actor, platform, inputs, classification.current_rules())


# --------------------------------------------------------------------------------------------
# 主体责任


def record_rule_change(
    *,
    actor,
    platform: Platform,
    title: str,
    published_on: dt.date,
    effective_on: dt.date,
    url: str = "",
) -> RuleChangeNotice:
    """Record a change of the platform's agreement or trading rules (电子商务法 第三十四条).

    Raise ``ValidationError`` when the title is empty or it takes effect before it was published.
    """
    _require(actor, "platforms.record_rule_change", platform)
    record = f"平台 {platform.name} 规则变更"
    if not (title or "").strip():
        raise ValidationError(f"{record}：变更事项 必填 / {record}: title is required")
    if effective_on < published_on:
        raise ValidationError(
            f"{record}：施行日期 {effective_on} 早于公示日期 {published_on} / effective_on is "
            "before published_on"
        )
    with transaction.atomic():
        _locked_platform(platform)
        notice = RuleChangeNotice.objects.create(
            platform=platform,
            title=title.strip(),
            url=url,
            published_on=published_on,
            effective_on=effective_on,
            recorded_by=actor,
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.RULE_CHANGE_RECORDED,
            target=notice,
            division=platform.division,
            after={
                "title": notice.title,
                "published_on": published_on,
                "effective_on": effective_on,
            },
        )
    return notice


def declare_obligation(
    *, actor, platform: Platform, obligation_key: str, period: str, statement: str, evidence: str
) -> ObligationDeclaration:
    """The platform declares it meets an obligation wangjian cannot compute.

    The declaration counts only once a regulator accepts it. Raise ``ValidationError`` for an
    unknown or computed obligation, a bad period, or an empty statement or evidence.
    """
    _require(actor, "platforms.declare_obligation", platform)
    item = obligation(obligation_key)
    record = f"平台 {platform.name} 义务 {obligation_key}"
    if item is None or item["check"] != "declared":
        raise ValidationError(
            f"{record}：该义务由系统依据记录计算，无需声明 / {record}: this obligation is "
            "computed from records, not declared"
            if item
            else f"{record}：未知义务 / unknown obligation"
        )
    parse_period(period)
    if (item["period"] == "year") != (len(period) == 4):
        raise ValidationError(
            f"{record}：期间 {period} 与义务的周期不符 / period {period} does not fit the "
            "obligation's cycle"
        )
    if not statement.strip() or not evidence.strip():
        raise ValidationError(
            f"{record}：履行情况说明和证明材料 均必填 / statement and evidence are required"
        )
    with transaction.atomic():
        _locked_platform(platform)
        declaration = ObligationDeclaration.objects.create(
            platform=platform,
            obligation_key=obligation_key,
            period=period,
            statement=statement.strip(),
            evidence=evidence.strip(),
            declared_by=actor,
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.OBLIGATION_DECLARED,
            target=declaration,
            division=platform.division,
            after={"obligation": obligation_key, "period": period},
        )
    return declaration


def review_declaration(
    *, actor, declaration: ObligationDeclaration, accept: bool, comment: str = ""
) -> ObligationDeclaration:
    """A regulator accepts or rejects a pending declaration; rejecting needs a comment.

    Raise ``ValidationError`` when it was already reviewed.
    """
    _require(actor, "platforms.review", declaration.platform)
    with transaction.atomic():
        declaration = ObligationDeclaration.objects.select_for_update().get(pk=declaration.pk)
        if declaration.state != DeclarationState.PENDING:
            raise ValidationError(
                f"声明 #{declaration.pk} 已审核（{declaration.get_state_display()}）/ declaration "
                f"#{declaration.pk} was already reviewed"
            )
        if not accept and not comment.strip():
            raise ValidationError(
                f"声明 #{declaration.pk}：不通过须写明理由 / a rejection needs a comment"
            )
        declaration.state = DeclarationState.ACCEPTED if accept else DeclarationState.REJECTED
        declaration.reviewed_by = actor
        declaration.reviewed_at = timezone.now()
        declaration.review_comment = comment.strip()
        declaration.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])
        record_event(
            actor=actor,
            event_type=PlatformEvent.DECLARATION_REVIEWED,
            target=declaration,
            division=declaration.platform.division,
            before={"state": DeclarationState.PENDING},
            after={"state": declaration.state},
            reason=declaration.review_comment,
        )
    return declaration


# --------------------------------------------------------------------------------------------
# 数据合规自评估


def _require_assessment(actor, capability: str, assessment) -> None:
    from wangjian.platforms.models import SelfAssessment

    if actor is None:
        return
    if not actor.has_capability(capability):
        raise PermissionDenied("无此权限 / not permitted")
    if not SelfAssessment.objects.visible_to(actor).filter(pk=assessment.pk).exists():
        raise PermissionDenied("无权操作该自评估 / not permitted for this self-assessment")


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
        raise PermissionDenied("无此权限 / not permitted")
    if platform is not None:
        _require(actor, "platforms.self_assess", platform)
        entity, division = platform.entity, platform.division
    else:
        if entity is None or not MarketEntity.objects.visible_to(actor).filter(pk=entity.pk):
            raise PermissionDenied("无权为该主体填报 / not permitted for this entity")
        division = entity.division
        if division is None:
            raise ValidationError(
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
        raise ValidationError(
            f"自评估 #{assessment.pk} 已提交（{assessment.get_state_display()}），不能修改 / "
            f"self-assessment #{assessment.pk} is {assessment.state} and cannot be changed"
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
            raise ValidationError(
                f"自评估 #{assessment.pk}：尚有 {len(result.unanswered)} 题未答复（{titles}）/ "
                f"{len(result.unanswered)} items are unanswered: {', '.join(result.unanswered)}"
            )
        plan = []
        for gap in result.gaps:
            days = gap["rectification_working_days"]
            try:
                due = add_working_days(today, days)
            except CalendarYearNotCovered as error:
                raise ValidationError(
                    f"自评估 #{assessment.pk}：整改期限涉及尚未录入的工作日历年度（{error}），"
                    "请系统管理员先录入该年度节假日安排 / the working-day calendar does not cover "
                    "the year a rectification deadline reaches"
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
        raise ValidationError(f"自评估 #{assessment.pk}：意见内容为空 / the comment is empty")
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
            raise ValidationError(
                f"自评估 #{assessment.pk} 不在待审核状态（{assessment.get_state_display()}）/ "
                "only a submitted self-assessment can be reviewed"
            )
        if not accept and not comment.strip():
            raise ValidationError(
                f"自评估 #{assessment.pk}：退回须写明理由 / returning it needs a comment"
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
        raise ValidationError(f"整改事项 #{item.pk}：整改说明 必填 / a note is required")
    with transaction.atomic():
        item = RectificationItem.objects.select_for_update().get(pk=item.pk)
        if item.completed_on is not None:
            raise ValidationError(f"整改事项 #{item.pk} 已完成 / already completed")
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


# --------------------------------------------------------------------------------------------
# 合规指引


def draft_guide(*, actor, business_type: str, division=None):
    """Create the draft of the guide version in the data file, or refresh an existing draft.

    Raise ``ValidationError`` when that version is already published (raise the version in the
    data file for a new one) or the business type has no data file.
    """
    from wangjian.platforms.choices import GuideState
    from wangjian.platforms.guides import assemble, guide_sources
    from wangjian.platforms.models import ComplianceGuide

    _require(actor, "platforms.manage_guides")
    source = guide_sources().get(business_type)
    if source is None:
        raise ValidationError(
            f"业务类型 {business_type} 没有合规指引数据 / no guide data for {business_type}"
        )
    division = division or (actor.jurisdiction if actor is not None else None)
    if division is None:
        raise ValidationError("未确定发布机关的辖区 / the publishing division is unknown")
    content = assemble(business_type)
    with transaction.atomic():
        guide = (
            ComplianceGuide.objects.select_for_update()
            .filter(business_type=business_type, version=source["version"])
            .first()
        )
        if guide is not None and guide.state == GuideState.PUBLISHED:
            raise ValidationError(
                f"合规指引 {guide.title} {guide.version} 已发布，内容已冻结；如需修改请在数据文件中"
                f"提高版本号 / guide {guide.version} is published and frozen; raise the version"
            )
        if guide is None:
            guide = ComplianceGuide(business_type=business_type, version=source["version"])
        guide.title = source["title"]
        guide.source_sha256 = source["sha256"]
        guide.content = content
        guide.division = division
        guide.save()
        record_event(
            actor=actor,
            event_type=PlatformEvent.GUIDE_DRAFTED,
            target=guide,
            division=division,
            after={"business_type": business_type, "version": guide.version},
        )
    return guide


def publish_guide(*, actor, guide, today=None):
    """Freeze and publish a draft guide: its content is assembled once more and hashed.

    Raise ``ValidationError`` when it is already published.
    """
    from wangjian.core.querysets import jurisdiction_path
    from wangjian.platforms.choices import GuideState
    from wangjian.platforms.guides import assemble, content_digest
    from wangjian.platforms.models import ComplianceGuide

    _require(actor, "platforms.manage_guides")
    if actor is not None and not ComplianceGuide.objects.filter(
        pk=guide.pk, division__path__startswith=jurisdiction_path(actor) or "-"
    ):
        raise PermissionDenied("无权发布该指引 / not permitted for this guide")
    with transaction.atomic():
        guide = ComplianceGuide.objects.select_for_update().get(pk=guide.pk)
        if guide.state == GuideState.PUBLISHED:
            raise ValidationError(
                f"合规指引 {guide.title} {guide.version} 已于 {guide.published_on} 发布 / already "
                "published"
            )
        guide.content = assemble(guide.business_type)
        guide.sha256 = content_digest(guide.content)
        guide.state = GuideState.PUBLISHED
        guide.published_on = today or timezone.localdate()
        guide.published_by = actor
        guide.save(update_fields=["content", "sha256", "state", "published_on", "published_by"])
        record_event(
            actor=actor,
            event_type=PlatformEvent.GUIDE_PUBLISHED,
            target=guide,
            division=guide.division,
            after={"version": guide.version, "sha256": guide.sha256},
        )
    return guide


# --------------------------------------------------------------------------------------------
# 平台处置要求 and 通知

MAX_REPLY_ATTACHMENTS = 9
MAX_REPLY_ATTACHMENT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


def _finding_platform(finding, record: str) -> Platform:
    shop = finding.shop
    if shop is None or shop.platform_id is None:
        raise ValidationError(
            f"{record}：未关联平台内店铺，无法要求平台处置 / {record}: not linked to a shop on a "
            "platform, so no platform can be asked to act"
        )
    return shop.platform


def request_platform_action(
    *,
    actor,
    kind: str,
    reason: str,
    subject: str = "",
    platform: Platform | None = None,
    finding=None,
    clue=None,
    today=None,
):
    """A regulator asks a platform to take down or rectify a listing, from a finding, a clue or
    the platform's page. The deadline counts the period in force (versioned data) on the
    working-day calendar from the day of issue.

    Raise ``ValidationError`` for an unknown kind, an empty reason, a finding or clue without a
    platform shop, or a deadline reaching a year the calendar does not cover (never guessed).
    """
    from wangjian.core.working_days import CalendarYearNotCovered, add_working_days
    from wangjian.platforms.action_periods import period_for
    from wangjian.platforms.choices import ActionKind
    from wangjian.platforms.models import PlatformActionRequest

    today = today or timezone.localdate()
    shop = None
    division = None
    if finding is not None:
        record = f"监测发现 #{finding.pk}"
        if finding.state != "confirmed":
            raise ValidationError(
                f"{record}：须先确认（研判状态为 {finding.get_state_display()}）再要求平台处置 / "
                f"{record}: confirm the finding before asking the platform to act"
            )
        platform = _finding_platform(finding, record)
        shop, division = finding.shop, finding.division
        subject = subject.strip() or f"{finding.shop.name}：{finding.match}"
    elif clue is not None:
        record = f"线索 {clue.number}"
        if clue.shop is None or clue.shop.platform_id is None:
            raise ValidationError(
                f"{record}：未关联平台内店铺，无法要求平台处置 / {record}: not linked to a shop "
                "on a platform, so no platform can be asked to act"
            )
        platform, shop, division = clue.shop.platform, clue.shop, clue.division
        subject = subject.strip() or f"{clue.shop.name}：{clue.summary[:200]}"
    elif platform is not None:
        record = f"平台 {platform.name}"
        division = platform.division
    else:
        raise ValidationError("须指明平台、监测发现或线索 / name a platform, finding or clue")
    # From a finding or clue the regulator acts within the jurisdiction it was routed to (the
    # shop's platform may be registered elsewhere); from the platform page, on the platform.
    source = finding or clue
    _require(actor, "platforms.request_action", None if source else platform)
    if (
        actor is not None
        and source is not None
        and not type(source).objects.visible_to(actor).filter(pk=source.pk).exists()
    ):
        raise PermissionDenied(f"无权操作{record} / not permitted for this record")
    if kind not in ActionKind.values:
        raise ValidationError(
            f"{record}：处置要求 {kind!r} 须为 删除、屏蔽或下架 或 督促整改 / kind must be "
            "takedown or rectify"
        )
    if not subject.strip():
        raise ValidationError(
            f"{record}：处置对象 必填（商品、链接或店铺）/ subject is required (listing, link or "
            "shop)"
        )
    if not reason.strip():
        raise ValidationError(f"{record}：理由 必填 / reason is required")
    rule = period_for(kind, today)
    try:
        due = add_working_days(today, rule.working_days)
    except CalendarYearNotCovered as error:
        raise ValidationError(
            f"{record}：处置期限涉及尚未录入的工作日历年度（{error}），请系统管理员先录入该年度"
            "节假日安排 / the working-day calendar does not cover the year the deadline reaches"
        ) from error
    with transaction.atomic():
        _locked_platform(platform)
        request = PlatformActionRequest.objects.create(
            platform=platform,
            division=division,
            finding=finding,
            clue=clue,
            shop=shop,
            kind=kind,
            subject=subject.strip()[:500],
            reason=reason.strip(),
            basis=[dict(b) for b in rule.basis],
            working_days=rule.working_days,
            rules_version=rule.version,
            issued_on=today,
            due_on=due,
            requested_by=actor,
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.ACTION_REQUESTED,
            target=request,
            division=division,
            after={
                "platform": platform.pk,
                "kind": kind,
                "finding": finding.pk if finding else None,
                "clue": clue.pk if clue else None,
                "due_on": due.isoformat(),
                "working_days": rule.working_days,
                "rules_version": rule.version,
            },
        )
    return request


def _check_uploads(record: str, uploads) -> list[tuple[Upload, str]]:
    from wangjian.complaints.attachments import detect_type

    uploads = [u for u in (uploads or ()) if u.name or u.content]
    if len(uploads) > MAX_REPLY_ATTACHMENTS:
        raise ValidationError(
            f"{record}：附件最多 {MAX_REPLY_ATTACHMENTS} 个 / at most "
            f"{MAX_REPLY_ATTACHMENTS} attachments"
        )
    checked = []
    for upload in uploads:
        if not upload.content or len(upload.content) > MAX_REPLY_ATTACHMENT_BYTES:
            raise ValidationError(
                f"{record}：附件“{upload.name}”为空或超过 10 MB / attachment {upload.name!r} "
                "is empty or larger than 10 MB"
            )
        file_type = detect_type(upload.content)
        if file_type is None:
            raise ValidationError(
                f"{record}：附件“{upload.name}”不是 PDF、JPEG、PNG、WebP 或 MP4 文件 / "
                f"attachment {upload.name!r} is not a PDF, JPEG, PNG, WebP or MP4 file"
            )
        checked.append((upload, file_type.content_type))
    return checked


def reply_to_action_request(*, actor, request, reply: str, note: str, attachments=(), today=None):
    """The platform answers a request: taken down, rectified or disputed, with a note (required)
    and attachments. A request is answered once; a late answer is kept and shown as late.

    Raise ``ValidationError`` for an unknown reply, an empty note, a bad attachment or a request
    already answered.
    """
    import hashlib

    from wangjian.platforms.choices import ActionReply, ActionRequestState
    from wangjian.platforms.models import ActionReplyAttachment, PlatformActionRequest

    _require(actor, "platforms.reply_action", request.platform)
    today = today or timezone.localdate()
    record = f"处置要求 #{request.pk}"
    if reply not in ActionReply.values:
        raise ValidationError(
            f"{record}：答复 {reply!r} 须为 已下架、已整改 或 有异议 / reply must be taken_down, "
            "rectified or disputed"
        )
    if not note.strip():
        raise ValidationError(f"{record}：答复说明 必填 / note is required")
    checked = _check_uploads(record, attachments)
    with transaction.atomic():
        request = PlatformActionRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != ActionRequestState.AWAITING:
            raise ValidationError(
                f"{record}：已于 {request.replied_on} 答复 / already answered on "
                f"{request.replied_on}"
            )
        request.state = ActionRequestState.ANSWERED
        request.reply = reply
        request.reply_note = note.strip()
        request.replied_by = actor
        request.replied_on = today
        request.save(update_fields=["state", "reply", "reply_note", "replied_by", "replied_on"])
        for upload, content_type in checked:
            ActionReplyAttachment.objects.create(
                request=request,
                name=upload.name[:200],
                content=upload.content,
                content_type=content_type,
                sha256=hashlib.sha256(upload.content).hexdigest(),
                size=len(upload.content),
                uploaded_by=actor,
            )
        record_event(
            actor=actor,
            event_type=PlatformEvent.ACTION_REPLIED,
            target=request,
            division=request.division,
            before={"state": ActionRequestState.AWAITING},
            after={
                "state": request.state,
                "reply": reply,
                "late": request.replied_late,
                "attachments": [upload.name for upload, _type in checked],
            },
            reason=request.reply_note,
        )
    return request


def send_notice(*, actor, platform: Platform, subject: str, body: str, due_on=None, today=None):
    """A regulator sends a notice (通知) to a platform. Raise ``ValidationError`` for an empty
    subject or body, or a deadline before today."""
    from wangjian.platforms.models import PlatformNotice

    _require(actor, "platforms.send_notice", platform)
    today = today or timezone.localdate()
    record = f"平台 {platform.name} 通知"
    if not subject.strip() or not body.strip():
        raise ValidationError(f"{record}：标题和正文 均必填 / subject and body are required")
    if due_on is not None and due_on < today:
        raise ValidationError(
            f"{record}：办理期限 {due_on} 早于今天 / deadline {due_on} is before today"
        )
    with transaction.atomic():
        _locked_platform(platform)
        notice = PlatformNotice.objects.create(
            platform=platform,
            division=platform.division,
            subject=subject.strip()[:200],
            body=body.strip(),
            due_on=due_on,
            sent_by=actor,
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.NOTICE_SENT,
            target=notice,
            division=notice.division,
            after={
                "platform": platform.pk,
                "subject": notice.subject,
                "due_on": due_on.isoformat() if due_on else None,
            },
        )
    return notice


def acknowledge_notice(*, actor, notice):
    """The platform confirms receipt: the time is recorded as 送达 (once)."""
    from wangjian.platforms.models import PlatformNotice

    _require(actor, "platforms.answer_notice", notice.platform)
    with transaction.atomic():
        notice = PlatformNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.delivered_at is not None:
            raise ValidationError(
                f"通知 #{notice.pk}：已于 {timezone.localtime(notice.delivered_at):%Y-%m-%d %H:%M} "
                "确认送达 / receipt was already acknowledged"
            )
        notice.delivered_at = timezone.now()
        notice.acknowledged_by = actor
        notice.save(update_fields=["delivered_at", "acknowledged_by"])
        record_event(
            actor=actor,
            event_type=PlatformEvent.NOTICE_ACKNOWLEDGED,
            target=notice,
            division=notice.division,
            after={"delivered_at": notice.delivered_at.isoformat()},
        )
    return notice


def answer_notice(*, actor, notice, answer: str):
    """The platform answers a notice; answering acknowledges receipt if not done yet. One
    answer per notice."""
    from wangjian.platforms.models import PlatformNotice

    _require(actor, "platforms.answer_notice", notice.platform)
    if not answer.strip():
        raise ValidationError(f"通知 #{notice.pk}：回复 必填 / answer is required")
    with transaction.atomic():
        notice = PlatformNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.answered_at is not None:
            raise ValidationError(f"通知 #{notice.pk}：已回复 / already answered")
        now = timezone.now()
        fields = ["answer", "answered_at", "answered_by"]
        if notice.delivered_at is None:
            notice.delivered_at, notice.acknowledged_by = now, actor
            fields += ["delivered_at", "acknowledged_by"]
        notice.answer, notice.answered_at, notice.answered_by = answer.strip(), now, actor
        notice.save(update_fields=fields)
        record_event(
            actor=actor,
            event_type=PlatformEvent.NOTICE_ANSWERED,
            target=notice,
            division=notice.division,
            after={"answered_at": now.isoformat()},
            reason=notice.answer,
        )
    return notice
