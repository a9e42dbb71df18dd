"""Demo services for Yangpu: the demo merchant's entity with a penalty in publicity and an
earlier one whose publicity was stopped by 信用修复, a clean entity, a report for each, a
platform batch of 20 gig-worker applications with 3 errors, and one approved worker with its
身份码."""

import datetime as dt

from wangjian.core.demo import DemoContext, demo_step

WORKERS = [
    "陈晓明",
    "林雨桐",
    "黄志强",
    "周佳怡",
    "吴俊杰",
    "徐静",
    "孙浩然",
    "马丽",
    "朱文博",
    "胡婷",
    "郭磊",
    "何思远",
    "高敏",
    "罗家豪",
    "梁欣",
    "宋涛",
    "郑雪",
    "谢宇航",
    "韩梅",
    "唐鹏",
]
DEMO_BATCH = "demo-gig-batch.csv"
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉"


def _resident_id(sequence: int) -> str:
    from wangjian.core.identifiers import resident_id_check_character

    digits = f"31011019950301{sequence:03d}"
    return digits + resident_id_check_character(digits)


def gig_rows(shop_ids: list[str]) -> list[dict]:
    """20 applications; row 5 has a wrong check digit, row 11 a prohibited word, row 17
    repeats row 1's applicant."""
    rows = []
    for index, name in enumerate(WORKERS, start=1):
        number = _resident_id(index)
        business = f"上海市杨浦区{STEMS[index % 10]}{BRANCHES[index // 10]}跑腿服务工作室"
        if index == 5:
            number = number[:-1] + ("0" if number[-1] != "0" else "1")
        if index == 11:
            business = "上海市杨浦区国际跑腿服务工作室"
        if index == 17:
            number = _resident_id(1)
        rows.append(
            {
                "applicant_name": name,
                "id_number": number,
                "business_name": business,
                "scope": ["外卖递送服务"] if index % 2 else ["互联网销售（除销售需要许可的商品）"],
                "shop_id": shop_ids[index - 1],
                "hosting_agreement": f"TG-2026-{index:04d}",
            }
        )
    return rows


def _penalty(entity, on, summary, basis, number):
    from wangjian.credit.actions import record_credit_event

    return record_credit_event(
        actor=None,
        entity=entity,
        kind="penalty",
        occurred_on=on,
        legal_basis=basis,
        summary=summary,
        source_app="services",
        source_type="demo_penalty",
        source_id=f"{entity.uscc}-{on.isoformat()}",
        severity="ordinary",
        details={"decision_number": f"沪市监杨处〔{on.year}〕{number}号"},
    )


@demo_step(55)
def load_services(context: DemoContext) -> None:
    from wangjian.core.models import Division, User
    from wangjian.credit import actions as credit
    from wangjian.credit.models import CreditEvent, CreditListEntry, RepairApplication
    from wangjian.registry.models import MarketEntity, OnlineShop, Platform
    from wangjian.services.actions.gig import decide_gig_application, file_gig_batch
    from wangjian.services.actions.report import issue_credit_report
    from wangjian.services.choices import IssueChannel
    from wangjian.services.models import GigBatch, IdCodeIssue, ReportIssue

    merchant = User.objects.filter(username="merchant").first()
    account = merchant.merchant_accounts.select_related("entity").first() if merchant else None
    if account is None:
        context.log("  跳过：演示经营者未关联主体 / skipped: the demo merchant has no entity")
        return
    entity = account.entity
    repaired = _penalty(
        entity, dt.date(2024, 3, 11), "网店使用“最低价”等用语，罚款一万元", "ad-law-2021:9.3", "47"
    )
    if not RepairApplication.objects.filter(penalty_event=repaired).exists():
        application = credit.apply_for_repair(
            actor=None,
            entity=entity,
            kind="penalty_publicity_stop",
            applied_on=dt.date(2024, 10, 14),
            penalty_event=repaired,
            statement="罚款已缴清，广告已删除并整改",
        )
        credit.decide_repair(
            actor=None,
            application=application,
            grant=True,
            decided_on=dt.date(2024, 10, 25),
            reason="符合提前停止公示条件",
        )
    _penalty(
        entity, dt.date(2025, 11, 20), "网店商品未明码标价，罚款三千元", "price-law-1997:13", "88"
    )
    yangpu = Division.objects.by_code("310110")
    busy = set(CreditEvent.objects.values_list("entity_id", flat=True)) | set(
        CreditListEntry.objects.values_list("entity_id", flat=True)
    )
    clean = (
        MarketEntity.objects.inside(yangpu)
        .filter(status="active", entity_type="enterprise")
        .exclude(pk__in=busy)
        .order_by("-uscc")
        .first()
    )
    for subject in (entity, clean):
        if subject is not None and not ReportIssue.objects.filter(entity=subject).exists():
            issue, _pdf = issue_credit_report(actor=None, entity=subject, channel=IssueChannel.DEMO)
            context.log(f"  专用信用报告 / credit report {issue.number}: {subject.name}")

    platform = Platform.objects.filter(accounts__user__username="platform").first()
    if platform is None:
        context.log("  跳过：演示平台不存在 / skipped: no demo platform")
        return
    batch = GigBatch.objects.filter(platform=platform, file_name=DEMO_BATCH).first()
    if batch is None:
        shop_ids = list(
            OnlineShop.objects.filter(
                platform=platform, operator_kind="natural_person", entity=None
            )
            .order_by("shop_id")
            .values_list("shop_id", flat=True)[:20]
        )
        if len(shop_ids) < 20:
            context.log(
                "  跳过：平台自然人网店不足20家 / skipped: fewer than 20 natural-person shops"
            )
            return
        batch, _created = file_gig_batch(
            actor=None, platform=platform, rows=gig_rows(shop_ids), file_name=DEMO_BATCH
        )
    context.log(
        f"  灵活就业登记 / gig batch: {batch.row_count} applications, {batch.error_count} with "
        "errors"
    )
    first = batch.applications.get(row_number=1)
    if first.state == "pending":
        decide_gig_application(actor=None, application=first, approve=True)
        first.refresh_from_db()
    code = IdCodeIssue.objects.filter(entity=first.entity).first()
    if code is not None:
        context.log(f"  身份码 / identity code of {first.entity.name}: {code.token[:40]}…")
    notice = first.notices.filter(kind="approved").first()
    if notice is not None:
        context.log(
            f"  登记核准通知 / approval notice: /services/notice/?c={notice.receipt_display}"
        )


# Issue #21's demo data (service requests, consumer education, commitments, an association).
from wangjian.services import demo_selfservice  # noqa: E402, F401
