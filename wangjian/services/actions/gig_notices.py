"""Notices to gig workers: on approval, before each annual-report window, on 简易注销.

The worker may have no account. A notice is stored for the platform to forward (its batch page
and the API list them) and opens on the public page ``/services/notice/`` with the receipt code
printed on it. ``write_notice`` is called inside the deciding action's transaction;
``remind_annual_reports`` is an action of its own.
"""

import datetime as dt
import secrets

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.services import gig
from wangjian.services.actions.common import require, today
from wangjian.services.choices import AuditType, GigApplicationState, GigNoticeKind
from wangjian.services.error_codes import ServiceRefused
from wangjian.services.models import GigApplication, GigNotice

# No 0/O, 1/I/L: a code read aloud or typed from paper.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 12


def normalise_receipt_code(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def _new_receipt_code() -> str:
    while True:
        code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
        if not GigNotice.objects.filter(receipt_code=code).exists():
            return code


def write_notice(
    application: GigApplication,
    kind: str,
    *,
    title: str,
    body: str,
    year: int = 0,
    deadline: dt.date | None = None,
) -> tuple[GigNotice, bool]:
    """The notice of this application, kind and year, created once; (notice, created). Call
    inside the transaction of the action that decides what the notice says."""
    existing = GigNotice.objects.filter(application=application, kind=kind, year=year).first()
    if existing is not None:
        return existing, False
    notice = GigNotice.objects.create(
        application=application,
        kind=kind,
        year=year,
        receipt_code=_new_receipt_code(),
        title=title[:200],
        body=body,
        deadline=deadline,
    )
    return notice, True


def approval_notice(application: GigApplication) -> tuple[GigNotice, bool]:
    entity = application.entity
    platform = application.batch.platform
    first_year = entity.established_on.year + 1
    opens, closes = gig.annual_report_window(first_year)
    body = (
        f"{application.applicant_name}：\n"
        f"您通过{platform.name}申请登记的个体工商户“{entity.name}”已于"
        f"{application.decided_on:%Y年%m月%d日}核准登记。\n"
        f"统一社会信用代码：{entity.uscc}\n"
        f"经营者：{entity.legal_representative}\n"
        f"经营场所：{entity.registered_address}\n"
        f"经营范围：{entity.business_scope}\n"
        f"登记机关：{entity.registration_authority}\n"
        "随本通知的市场主体身份码可供查验登记信息；您本人登录后扫码可查看合规提醒。\n"
        f"下一步：自{first_year}年起，每年{opens:%m月%d日}至{closes:%m月%d日}报送上一年度年度报告"
        "（届时另行提醒）；退出平台经营时，由平台报告，登记机关办理简易注销。"
    )
    return write_notice(
        application,
        GigNoticeKind.APPROVED,
        title=f"个体工商户登记核准通知：{entity.name}",
        body=body,
    )


def deregistration_notice(application: GigApplication, deregistration) -> tuple[GigNotice, bool]:
    entity = application.entity
    body = (
        f"{application.applicant_name}：\n"
        f"个体工商户“{entity.name}”（统一社会信用代码 {entity.uscc}）的简易注销申请已于"
        f"{deregistration.requested_on:%Y年%m月%d日}提出，原因：{deregistration.reason}。\n"
        "登记机关将申请推送税务等有关部门；"
        f"{deregistration.objection_until:%Y年%m月%d日}前无异议的，登记机关办理注销登记；"
        "有关部门提出异议的，登记机关将告知您需要处理的事项。\n"
        "注销登记后，不得再以该个体工商户名义经营。"
    )
    return write_notice(
        application,
        GigNoticeKind.DEREGISTRATION,
        title=f"简易注销通知：{entity.name}",
        body=body,
        deadline=deregistration.objection_until,
    )


def _annual_report_body(application: GigApplication, year: int) -> tuple[str, dt.date]:
    entity = application.entity
    opens, closes = gig.annual_report_window(year)
    basis = gig.gig_rules()["annual_report"]["basis"][0]["citation"].split("（")[0]
    body = (
        f"{application.applicant_name}：\n"
        f"个体工商户“{entity.name}”（统一社会信用代码 {entity.uscc}）应于"
        f"{opens:%Y年%m月%d日}至{closes:%Y年%m月%d日}，通过国家企业信用信息公示系统或者向登记机关"
        f"报送{year - 1}年度报告。\n"
        f"依据：{basis}。\n"
        "已经报送的，请忽略本提醒。"
    )
    return body, closes


def remind_annual_reports(*, actor, year: int | None = None) -> dict:
    """One annual-report reminder per registered gig worker for ``year`` (default: this year),
    idempotent: a worker already reminded for the year is skipped. Workers registered in or
    after ``year - 1`` report from the following year; deregistered ones and those whose
    report for ``year - 1`` is on record are left out. Returns the counts."""
    from wangjian.credit.choices import CreditEventKind
    from wangjian.credit.models import CreditEvent
    from wangjian.registry.choices import EntityStatus

    require(actor, "services.decide_gig_application")
    on = today()
    year = year or on.year
    opens, closes = gig.annual_report_window(year)
    if on > closes:
        raise ServiceRefused(
            f"{year}年度报告提醒：报送期已于 {closes} 结束 / annual-report reminders for {year}: "
            f"the window closed on {closes}"
        )
    applications = GigApplication.objects.filter(
        state=GigApplicationState.APPROVED,
        entity__isnull=False,
        entity__status=EntityStatus.ACTIVE,
        entity__established_on__lt=dt.date(year, 1, 1),
    )
    if actor is not None:
        applications = applications.visible_to(actor)
    counts = {"year": year, "issued": 0, "already": 0, "filed": 0}
    with transaction.atomic():
        for application in applications.select_for_update().select_related("entity", "batch"):
            filed = CreditEvent.objects.filter(
                entity=application.entity, kind=CreditEventKind.ANNUAL_REPORT_FILED
            )
            if any(
                int(event.details.get("year", event.occurred_on.year - 1)) == year - 1
                for event in filed
            ):
                counts["filed"] += 1
                continue
            body, deadline = _annual_report_body(application, year)
            _notice, created = write_notice(
                application,
                GigNoticeKind.ANNUAL_REPORT,
                title=f"{year - 1}年度报告提醒：{application.entity.name}",
                body=body,
                year=year,
                deadline=deadline,
            )
            counts["issued" if created else "already"] += 1
        if counts["issued"]:
            record_event(
                actor=actor,
                event_type=AuditType.ANNUAL_REPORT_REMINDERS.value,
                target=("services.gigannualreminders", str(year), f"{year}年度报告提醒"),
                after=counts | {"window": [opens, closes]},
            )
    return counts
