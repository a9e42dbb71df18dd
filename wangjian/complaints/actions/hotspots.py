"""Hot spots (热点) and consumer warnings (消费警示)."""

import datetime as dt

from django.db import transaction

from wangjian.complaints.actions.common import ComplaintError, _require, _today
from wangjian.complaints.choices import WarningState
from wangjian.complaints.models import ConsumerWarning, HotSpot
from wangjian.core.audit import record_event

# ---------------------------------------------------------------------------------------------
# Hot spots and consumer warnings


def detect_hotspots(*, actor, division, on: dt.date | None = None) -> list[HotSpot]:
    """Raise hot spots where a window's count is a spike against the windows before it."""
    from wangjian.complaints.hotspots import spikes

    on = on or _today()
    raised = []
    with transaction.atomic():
        for spike in spikes(division, on):
            hotspot, created = HotSpot.objects.update_or_create(
                division=division,
                dimension=spike.dimension,
                value=spike.value,
                window_end=spike.window_end,
                defaults={
                    "window_start": spike.window_start,
                    "count": spike.count,
                    "baseline": spike.baseline,
                    "sample": spike.sample,
                    "thresholds": spike.thresholds,
                },
            )
            if created:
                record_event(
                    actor=actor,
                    event_type="complaints.hotspot_raised",
                    target=hotspot,
                    division=division,
                    after={
                        "dimension": spike.dimension,
                        "value": spike.value,
                        "count": spike.count,
                    },
                )
            raised.append(hotspot)
    return raised


def draft_warning(*, actor, division, title: str, body: str, hotspot=None) -> ConsumerWarning:
    _require(actor, "complaints.draft_warning")
    if len(title.strip()) < 4 or len(body.strip()) < 20:
        raise ComplaintError(
            "消费警示 字段 title/body：标题至少4字、正文至少20字 / title needs 4 and body 20 "
            "characters",
            field="body",
            rule="min_length",
        )
    with transaction.atomic():
        warning = ConsumerWarning.objects.create(
            division=division,
            hotspot=hotspot,
            title=title.strip(),
            body=body.strip(),
            drafted_by=actor,
        )
        record_event(
            actor=actor,
            event_type="complaints.warning_drafted",
            target=warning,
            division=division,
            after={"title": warning.title},
        )
    return warning


def approve_warning(
    *, actor, warning: ConsumerWarning, approve: bool = True, on: dt.date | None = None
) -> ConsumerWarning:
    """A chief approves (and so publishes) or returns a draft; nobody approves their own."""
    _require(actor, "complaints.approve_warning")
    if warning.state != WarningState.DRAFT:
        raise ComplaintError(
            f"消费警示 {warning.pk} 字段 state：仅草稿可审批 / only drafts can be approved",
            field="state",
            rule="state",
        )
    if warning.drafted_by_id == actor.pk:
        raise ComplaintError(
            f"消费警示 {warning.pk} 字段 approved_by：起草人不能审批自己的草稿 / the drafter "
            "cannot approve their own draft",
            field="approved_by",
            rule="four_eyes",
        )
    with transaction.atomic():
        warning.approved_by = actor
        if approve:
            warning.state = WarningState.PUBLISHED
            warning.published_on = on or _today()
        else:
            warning.state = WarningState.REJECTED
        warning.save(update_fields=["approved_by", "state", "published_on"])
        record_event(
            actor=actor,
            event_type="complaints.warning_approved" if approve else "complaints.warning_returned",
            target=warning,
            division=warning.division,
            before={"state": WarningState.DRAFT},
            after={"state": warning.state},
        )
    return warning
