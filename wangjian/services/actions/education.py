"""网络消费教育: staff draft an article or campaign, submit it, and a section chief who is not
the drafter approves (publishes) or returns it; a public read is counted once per session."""

import datetime as dt

from django.db import transaction
from django.db.models import F

from wangjian.core.audit import record_event
from wangjian.services.actions.common import require, today
from wangjian.services.choices import EducationAuditType, EducationKind, EducationState
from wangjian.services.error_codes import ServiceErrorCode, ServiceNotPermitted, ServiceRefused
from wangjian.services.models import EducationArticle


def _label(article) -> str:
    return f"网络消费教育“{article.title[:30]}”"


def _require_visible(actor, article) -> None:
    if actor is not None and not EducationArticle.objects.visible_to(actor).filter(pk=article.pk):
        raise ServiceNotPermitted(
            "该文章不在您的辖区内 / the article is outside your jurisdiction",
            code=ServiceErrorCode.OUTSIDE_JURISDICTION,
        )


def draft_education(
    *,
    actor,
    division,
    kind: str,
    title: str,
    topic: str,
    audience: str,
    body: str,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    warnings=(),
    hotspots=(),
) -> EducationArticle:
    """Draft an article or a campaign in ``division``, linked to consumer warnings and hot spots
    of the actor's jurisdiction. A campaign needs its period.

    Raise ``ValidationError`` naming the field for a short title or body, a missing topic or
    audience, a campaign without a period, a period ending before it starts, or a linked warning
    or hot spot the actor may not see.
    """
    from wangjian.complaints.models import ConsumerWarning, HotSpot

    require(actor, "services.draft_education")
    record = f"网络消费教育“{title.strip()[:30]}”"
    if kind not in EducationKind.values:
        raise ServiceRefused(f"{record} 字段 kind：类型 {kind!r} 未知 / unknown kind {kind!r}")
    if len(title.strip()) < 4 or len(body.strip()) < 20:
        raise ServiceRefused(
            f"{record} 字段 title/body：标题至少4字、正文至少20字 / the title needs 4 and the "
            "body 20 characters"
        )
    if not topic.strip() or not audience.strip():
        raise ServiceRefused(
            f"{record} 字段 topic/audience：主题和面向人群 必填 / topic and audience are required",
            code=ServiceErrorCode.FIELD_REQUIRED,
        )
    if kind == EducationKind.CAMPAIGN and (period_from is None or period_to is None):
        raise ServiceRefused(
            f"{record} 字段 period_from/period_to：活动须写明起止日期 / "
            "a campaign needs its period",
            code=ServiceErrorCode.BAD_DATE,
        )
    if period_from and period_to and period_to < period_from:
        raise ServiceRefused(
            f"{record} 字段 period_to：结束日期早于开始日期 / the period ends before it starts",
            code=ServiceErrorCode.BAD_DATE,
        )
    warnings, hotspots = list(warnings), list(hotspots)
    if actor is not None:
        visible_warnings = ConsumerWarning.objects.visible_to(actor)
        visible_hotspots = HotSpot.objects.visible_to(actor)
        if visible_warnings.filter(pk__in=[w.pk for w in warnings]).count() != len(warnings) or (
            visible_hotspots.filter(pk__in=[h.pk for h in hotspots]).count() != len(hotspots)
        ):
            raise ServiceRefused(
                f"{record} 字段 warnings/hotspots：只能关联本辖区的消费警示和投诉热点 / only "
                "warnings and hot spots of your jurisdiction can be linked",
                code=ServiceErrorCode.OUTSIDE_JURISDICTION,
            )
    with transaction.atomic():
        article = EducationArticle.objects.create(
            division=division,
            kind=kind,
            title=title.strip(),
            topic=topic.strip(),
            audience=audience.strip(),
            body=body.strip(),
            period_from=period_from,
            period_to=period_to,
            drafted_by=actor,
        )
        article.warnings.set(warnings)
        article.hotspots.set(hotspots)
        record_event(
            actor=actor,
            event_type=EducationAuditType.DRAFTED.value,
            target=article,
            division=division,
            after={"title": article.title, "kind": kind},
        )
    return article


def submit_education(*, actor, article) -> EducationArticle:
    """The drafter submits a draft (or a returned one) for approval."""
    require(actor, "services.draft_education")
    _require_visible(actor, article)
    record = _label(article)
    with transaction.atomic():
        locked = EducationArticle.objects.select_for_update().get(pk=article.pk)
        if locked.state not in (EducationState.DRAFT, EducationState.RETURNED):
            raise ServiceRefused(
                f"{record} 字段 state：仅草稿或退回的文章可提交审批 / only a draft or returned "
                "article can be submitted"
            )
        before = locked.state
        locked.state = EducationState.SUBMITTED
        locked.save(update_fields=["state"])
        record_event(
            actor=actor,
            event_type=EducationAuditType.SUBMITTED.value,
            target=locked,
            division=locked.division,
            before={"state": before},
            after={"state": locked.state},
        )
    return locked


def approve_education(*, actor, article, approve: bool = True, reason: str = ""):
    """A section chief approves (and so publishes) or returns a submitted article; nobody
    approves their own draft. Raise ``ValidationError`` for an article not submitted, the
    drafter approving, or a return without a reason."""
    require(actor, "services.approve_education")
    _require_visible(actor, article)
    record = _label(article)
    if actor is not None and article.drafted_by_id == actor.pk:
        raise ServiceRefused(
            f"{record} 字段 approved_by：起草人不能审批自己的稿件 / the drafter cannot approve "
            "their own article"
        )
    if not approve and not reason.strip():
        raise ServiceRefused(
            f"{record} 字段 reason：退回须写明理由 / a return needs a reason",
            code=ServiceErrorCode.REASON_MISSING,
        )
    with transaction.atomic():
        locked = EducationArticle.objects.select_for_update().get(pk=article.pk)
        if locked.state != EducationState.SUBMITTED:
            raise ServiceRefused(
                f"{record} 字段 state：仅待审批的文章可审批 / only a submitted article can be "
                "approved"
            )
        locked.approved_by = actor
        if approve:
            locked.state = EducationState.PUBLISHED
            locked.published_on = today()
            locked.return_reason = ""
        else:
            locked.state = EducationState.RETURNED
            locked.return_reason = reason.strip()
        locked.save(update_fields=["approved_by", "state", "published_on", "return_reason"])
        record_event(
            actor=actor,
            event_type=(
                EducationAuditType.PUBLISHED if approve else EducationAuditType.RETURNED
            ).value,
            target=locked,
            division=locked.division,
            before={"state": EducationState.SUBMITTED},
            after={"state": locked.state, "published_on": locked.published_on},
            reason=reason,
        )
    return locked


def count_education_read(*, actor, article) -> None:
    """Count one read of a published article. Nothing about the reader is stored, so no audit
    event is written; the caller counts a session once. An increment in the database (``F``)
    cannot lose a concurrent read, so the row is not locked."""
    del actor  # anonymous or signed in: counted the same
    with transaction.atomic():
        EducationArticle.objects.filter(pk=article.pk, state=EducationState.PUBLISHED).update(
            read_count=F("read_count") + 1
        )
