"""What the 身份码 page shows: public facts for anyone, 合规一码通 for the merchant itself, and
the fuller scoped view for staff. Reads only; the tier never appears on the public or merchant
view (信用风险分类结果 is internal, 国市监信发〔2022〕6号)."""

import datetime as dt
from functools import cache
from pathlib import Path

import yaml
from django.urls import reverse
from django.utils import timezone

DATA = Path(__file__).resolve().parent / "data" / "compliance.yaml"


@cache
def compliance_rules() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def annual_report_item(entity, today: dt.date, filed_years: set[int]) -> dict | None:
    """The next annual report due (企业信息公示暂行条例 第八条): the previous year's report in
    its window, once the entity existed in that year."""
    window = compliance_rules()["annual_report"]["window"]
    year = today.year - 1
    opens = dt.date(today.year, window["from_month"], window["from_day"])
    closes = dt.date(today.year, window["to_month"], window["to_day"])
    if today > closes:
        year, opens, closes = (
            today.year,
            opens.replace(year=today.year + 1),
            closes.replace(year=today.year + 1),
        )
    if entity.established_on is None or entity.established_on.year > year or year in filed_years:
        return None
    severity = "due" if opens <= today <= closes else "info"
    return {
        "title": f"{year}年度报告应于 {opens} 至 {closes} 报送并公示",
        "next": "通过国家企业信用信息公示系统报送年度报告",
        "severity": severity,
    }


def public_credit(entity, on: dt.date) -> dict:
    """Penalties in publicity and current list entries: what 企业信息公示暂行条例 makes public."""
    from wangjian.credit.choices import CreditEventKind, ListEntryState
    from wangjian.credit.models import CreditEvent, CreditListEntry
    from wangjian.services.report import penalty_publicity

    penalties = []
    events = CreditEvent.objects.filter(
        entity=entity, kind=CreditEventKind.PENALTY, withdrawn_on__isnull=True
    ).order_by("-occurred_on")
    for event in events:
        publicity = penalty_publicity(event, on)
        if publicity["status"] == "publicised":
            penalties.append({"event": event, "publicity": publicity})
    listed = CreditListEntry.objects.filter(entity=entity, state=ListEntryState.LISTED)
    return {"penalties": penalties, "listed": list(listed.order_by("-listed_on"))}


def public_profile(entity) -> dict:
    today = timezone.localdate()
    licences = [
        {"licence": licence, "valid": licence.is_valid_on(today)}
        for licence in entity.licences.order_by("kind", "number")
    ]
    shops = entity.shops.filter(exited_on__isnull=True).select_related("platform")
    from wangjian.services.models import Commitment

    # Revoked commitments stay visible with the listing that revoked them.
    commitments = Commitment.objects.filter(entity=entity).select_related("shop")
    return {
        "commitments": list(commitments),
        "licences": licences,
        "shops": list(shops.order_by("platform__name", "name")),
        "credit": public_credit(entity, today),
        "today": today,
    }


def compliance_items(entity) -> list[dict]:
    """合规一码通: what is due or wrong now, each with what to do next."""
    from wangjian.complaints.choices import State
    from wangjian.complaints.models import Complaint
    from wangjian.credit.choices import CreditEventKind, ListEntryState, RepairState
    from wangjian.credit.models import CreditEvent, CreditListEntry, RepairApplication
    from wangjian.services.choices import ObjectionState
    from wangjian.services.models import Objection

    today = timezone.localdate()
    items = []
    for licence in entity.licences.order_by("valid_until"):
        if licence.valid_until is None:
            continue
        if licence.valid_until < today:
            items.append(
                {
                    "title": f"{licence.kind} {licence.number} 已于 {licence.valid_until} 过期",
                    "next": "停止相关经营活动并向发证机关申请延续或重新办理许可",
                    "severity": "wrong",
                }
            )
        elif licence.valid_until <= today + dt.timedelta(
            days=compliance_rules()["licence_warning_days"]
        ):
            items.append(
                {
                    "title": f"{licence.kind} {licence.number} 将于 {licence.valid_until} 到期",
                    "next": "在有效期届满前向发证机关申请延续",
                    "severity": "due",
                }
            )
    overdue = CreditEvent.objects.filter(
        entity=entity, kind=CreditEventKind.ANNUAL_REPORT_OVERDUE, withdrawn_on__isnull=True
    ).order_by("-occurred_on")
    filed = CreditEvent.objects.filter(entity=entity, kind=CreditEventKind.ANNUAL_REPORT_FILED)
    latest_filed = filed.order_by("-occurred_on").first()
    for event in overdue[:1]:
        if latest_filed is None or latest_filed.occurred_on < event.occurred_on:
            items.append(
                {
                    "title": f"年度报告未按期报送（{event.occurred_on}）",
                    "next": "通过国家企业信用信息公示系统补报年度报告，再申请移出经营异常名录",
                    "severity": "wrong",
                }
            )
    # A report filed in year Y is the report for Y-1 unless the record names its year.
    filed_years = {int(event.details.get("year", event.occurred_on.year - 1)) for event in filed}
    reminder = annual_report_item(entity, today, filed_years)
    if reminder is not None:
        items.append(reminder)
    for entry in CreditListEntry.objects.filter(entity=entity, state=ListEntryState.LISTED):
        detail = f"已列入{entry.get_list_kind_display()}（{entry.listed_on}）：{entry.ground}"
        if entry.early_removal_from:
            next_step = f"{entry.early_removal_from} 起可申请信用修复（提前移出）"
        else:
            next_step = "履行相关义务后可申请信用修复（移出名录）"
        items.append({"title": detail, "next": next_step, "severity": "wrong"})
    for entry in CreditListEntry.objects.filter(entity=entity, state=ListEntryState.NOTIFIED):
        items.append(
            {
                "title": f"拟列入{entry.get_list_kind_display()}的告知（{entry.notified_on}）",
                "next": f"可于 {entry.statement_due_on} 前向监管部门陈述申辩",
                "severity": "due",
            }
        )
    awaiting = Complaint.objects.filter(
        respondent_entity=entity, state=State.ODR, odr_answer=""
    ).order_by("received_on")
    for complaint in awaiting:
        items.append(
            {
                "title": f"投诉 {complaint.receipt_number}（{complaint.received_on}）待您答复",
                "next": "在在线纠纷解决（ODR）渠道内答复消费者",
                "severity": "due",
            }
        )
    for repair in RepairApplication.objects.filter(entity=entity, state=RepairState.PENDING):
        items.append(
            {
                "title": f"信用修复申请（{repair.get_kind_display()}）审核中",
                "next": f"监管部门应于 {repair.due_on} 前作出决定",
                "severity": "info",
            }
        )
    for objection in Objection.objects.filter(entity=entity, state=ObjectionState.PENDING):
        items.append(
            {
                "title": f"异议（{objection.target_summary[:30]}）待答复",
                "next": f"监管部门应于 {objection.due_on} 前答复",
                "severity": "info",
            }
        )
    return items


def staff_view(entity, user) -> dict:
    """Links a field officer needs: the profile, the credit record; the tier for those allowed."""
    view = {
        "links": [
            ("主体档案", reverse("registry:entity-profile", args=[entity.pk])),
            ("信用记录", reverse("credit:entity", args=[entity.pk])),
            ("出具专用信用报告", reverse("services:reports", args=[entity.pk])),
        ]
    }
    if user.has_capability("inspections.record_result"):
        from wangjian.inspections.models import InspectionTask

        open_tasks = InspectionTask.objects.visible_to(user).filter(
            entity=entity, result__isnull=True
        )
        for task in open_tasks.order_by("id")[:3]:
            view["links"].append(
                (
                    f"录入检查结果（{task.plan.title}）",
                    reverse("inspections:task-result", args=[task.pk]),
                )
            )
    if user.has_capability("credit.view_tier"):
        from wangjian.credit.models import TierAssessment

        view["tier"] = TierAssessment.objects.filter(entity=entity, is_current=True).first()
    return view
