"""Compliance guides (合规指引): drafted and published by business type."""

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.platforms.actions.common import PlatformEvent, _require
from wangjian.platforms.error_codes import PlatformErrorCode, PlatformNotPermitted, PlatformRefused

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
        raise PlatformRefused(
            f"业务类型 {business_type} 没有合规指引数据 / no guide data for {business_type}"
        )
    division = division or (actor.jurisdiction if actor is not None else None)
    if division is None:
        raise PlatformRefused(
            "未确定发布机关的辖区 / the publishing division is unknown",
            code=PlatformErrorCode.FIELD_REQUIRED,
        )
    content = assemble(business_type)
    with transaction.atomic():
        guide = (
            ComplianceGuide.objects.select_for_update()
            .filter(business_type=business_type, version=source["version"])
            .first()
        )
        if guide is not None and guide.state == GuideState.PUBLISHED:
            raise PlatformRefused(
                f"合规指引 {guide.title} {guide.version} 已发布，内容已冻结；如需修改请在数据文件中"
                f"提高版本号 / guide {guide.version} is published and frozen; raise the version",
                code=PlatformErrorCode.WRONG_STATE,
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
        raise PlatformNotPermitted(
            "无权发布该指引 / not permitted for this guide", code=PlatformErrorCode.NOT_PERMITTED
        )
    with transaction.atomic():
        guide = ComplianceGuide.objects.select_for_update().get(pk=guide.pk)
        if guide.state == GuideState.PUBLISHED:
            raise PlatformRefused(
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
