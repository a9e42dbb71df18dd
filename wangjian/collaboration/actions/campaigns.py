"""专项整治 and 联席会议: launching a campaign, its tasks, progress reports and meeting records."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wangjian.collaboration.actions.requests import CollaborationError
from wangjian.collaboration.choices import CampaignAuditEventType
from wangjian.collaboration.error_codes import CollaborationNotPermitted
from wangjian.collaboration.models import (
    Campaign,
    CampaignScan,
    CampaignTask,
    MeetingRecord,
    ProgressReport,
)
from wangjian.core.audit import record_event


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, capability: str) -> None:
    if actor is None or not actor.has_capability(capability) or actor.org_unit_id is None:
        raise CollaborationNotPermitted("无此权限 / not permitted")


def _require_visible(actor, campaign: Campaign) -> None:
    if not Campaign.objects.visible_to(actor).filter(pk=campaign.pk).exists():
        raise CollaborationNotPermitted("未找到 / Not found.")


def _text(record: str, value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CollaborationError(f"{record}：{label}不能为空 / {field} is required", field=field)
    return value


def create_campaign(
    *,
    actor,
    title: str,
    theme: str,
    starts_on: dt.date,
    ends_on: dt.date,
    member_units=(),
    families=(),
) -> Campaign:
    """Launch a campaign led by the actor's unit. ``families`` are monitoring rule families
    (e.g. ``health_food`` for 直播带货 health claims) whose findings the campaign counts."""
    from wangjian.monitoring.rulebook import FAMILY_LABELS

    _require(actor, "collaboration.manage_campaign")
    record = "专项整治"
    title = _text(record, title, "title", "名称")[:200]
    theme = _text(record, theme, "theme", "整治主题")
    if ends_on < starts_on:
        raise CollaborationError(
            f"{record}：结束日期早于开始日期 / ends_on is before starts_on", field="ends_on"
        )
    unknown = sorted(set(families) - set(FAMILY_LABELS))
    if unknown:
        raise CollaborationError(
            f"{record}：规则族 {'、'.join(unknown)} 不在规则包中 / unknown rule families",
            field="families",
        )
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=title,
            theme=theme,
            starts_on=starts_on,
            ends_on=ends_on,
            lead_unit=actor.org_unit,
            families=sorted(set(families)),
            created_by=actor,
        )
        campaign.member_units.set(list(member_units))
        record_event(
            actor=actor,
            event_type=CampaignAuditEventType.CAMPAIGN_CREATED.value,
            target=campaign,
            division=actor.org_unit.division,
            after={
                "title": title,
                "period": [starts_on, ends_on],
                "members": [unit.name for unit in member_units],
                "families": sorted(set(families)),
            },
        )
    return campaign


def add_task(*, actor, campaign: Campaign, title: str, owner_unit, due_on: dt.date):
    _require(actor, "collaboration.manage_campaign")
    _require_visible(actor, campaign)
    record = f"专项整治“{campaign.title}”"
    title = _text(record, title, "title", "任务")[:300]
    members = set(campaign.member_units.values_list("pk", flat=True)) | {campaign.lead_unit_id}
    if owner_unit.pk not in members:
        raise CollaborationError(
            f"{record}：责任单位须为牵头单位或成员单位 / the owner must be the lead or a member",
            field="owner_unit",
        )
    if not campaign.starts_on <= due_on <= campaign.ends_on:
        raise CollaborationError(
            f"{record}：完成期限须在整治期间内 / due_on must fall in the campaign's period",
            field="due_on",
        )
    with transaction.atomic():
        task = CampaignTask.objects.create(
            campaign=campaign, title=title, owner_unit=owner_unit, due_on=due_on
        )
        record_event(
            actor=actor,
            event_type=CampaignAuditEventType.TASK_ADDED.value,
            target=task,
            division=campaign.lead_unit.division,
            after={"owner": owner_unit.name, "due_on": due_on},
        )
    return task


def report_progress(*, actor, campaign: Campaign, body: str, task=None, done: bool = False):
    """A member unit reports progress, on the campaign or on one of its own tasks, and may mark
    that task done."""
    _require(actor, "collaboration.report_progress")
    _require_visible(actor, campaign)
    record = f"专项整治“{campaign.title}”"
    body = _text(record, body, "body", "进展")
    if task is not None and (
        task.campaign_id != campaign.pk or task.owner_unit_id != actor.org_unit_id
    ):
        raise CollaborationNotPermitted(
            "只有责任单位可以报送该任务的进展 / only the task's owner reports on it"
        )
    if done and task is None:
        raise CollaborationError(f"{record}：未指明任务 / no task given", field="task")
    with transaction.atomic():
        report = ProgressReport.objects.create(
            campaign=campaign,
            task=task,
            unit=actor.org_unit,
            author=actor,
            body=body,
            reported_on=_today(),
        )
        if done:
            locked = CampaignTask.objects.select_for_update().get(pk=task.pk)
            if locked.done_on is None:
                locked.done_on = _today()
                locked.save(update_fields=["done_on"])
        record_event(
            actor=actor,
            event_type=(
                CampaignAuditEventType.TASK_DONE
                if done
                else CampaignAuditEventType.PROGRESS_REPORTED
            ).value,
            target=report,
            division=campaign.lead_unit.division,
            after={"task": task.pk if task else None, "done": done},
        )
    return report


def record_meeting(
    *,
    actor,
    campaign: Campaign,
    title: str,
    held_on: dt.date,
    attendees: str,
    minutes: str,
    decisions: str = "",
) -> MeetingRecord:
    """联席会议纪要, kept as a document of the campaign."""
    _require(actor, "collaboration.manage_campaign")
    _require_visible(actor, campaign)
    record = f"专项整治“{campaign.title}”"
    if held_on > _today():
        raise CollaborationError(
            f"{record}：会议日期晚于今日 / held_on is in the future", field="held_on"
        )
    with transaction.atomic():
        meeting = MeetingRecord.objects.create(
            campaign=campaign,
            title=_text(record, title, "title", "会议名称")[:200],
            held_on=held_on,
            attendees=_text(record, attendees, "attendees", "参会单位"),
            minutes=_text(record, minutes, "minutes", "会议纪要"),
            decisions=(decisions or "").strip(),
            recorded_by=actor,
        )
        record_event(
            actor=actor,
            event_type=CampaignAuditEventType.MEETING_RECORDED.value,
            target=meeting,
            division=campaign.lead_unit.division,
            after={"held_on": held_on, "title": meeting.title},
        )
    return meeting


def launch_campaign_scan(*, actor, campaign: Campaign) -> CampaignScan:
    """Launch monitoring's registry-shop scan with the campaign's theme rule families, over the
    shops of the actor's jurisdiction, which must lie inside the lead unit's division. The same
    day's scan is the same batch (monitoring's own rule), recorded once per campaign."""
    from wangjian.monitoring.actions import start_registry_scan

    _require(actor, "collaboration.manage_campaign")
    _require_visible(actor, campaign)
    record = f"专项整治“{campaign.title}”"
    if not campaign.families:
        raise CollaborationError(
            f"{record}：未选择监测规则族，无法发起主题扫描 / families: the campaign has no rule "
            "families to scan for",
            field="families",
        )
    today = _today()
    if not campaign.starts_on <= today <= campaign.ends_on:
        raise CollaborationError(
            f"{record}：不在整治期间（{campaign.starts_on} 至 {campaign.ends_on}）内 / "
            "scan: today is outside the campaign period",
            field="starts_on",
        )
    jurisdiction = actor.jurisdiction
    if jurisdiction is None or not jurisdiction.path.startswith(campaign.lead_unit.division.path):
        raise CollaborationNotPermitted("未找到 / Not found.")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        batch = start_registry_scan(actor=actor, families=locked.families)
        scan, created = CampaignScan.objects.get_or_create(
            campaign=locked, batch=batch, defaults={"launched_by": actor}
        )
        if created:
            record_event(
                actor=actor,
                event_type=CampaignAuditEventType.SCAN_LAUNCHED.value,
                target=scan,
                division=locked.lead_unit.division,
                after={"batch": batch.pk, "families": sorted(locked.families)},
            )
    return scan
