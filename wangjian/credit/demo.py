"""Demo credit records for Yangpu: complaints, findings, penalties, one entity on each list,
a pending repair application, and the October classification run."""

import datetime as dt

from wangjian.core.demo import DemoContext, demo_step

AS_OF = dt.date(2026, 10, 31)

# (entity index in USCC order, kind, severity, date, legal basis, summary)
EVENTS = [
    (0, "complaint", "", dt.date(2026, 6, 3), "consumer-protection-law-2013:39", "商品与描述不符"),
    (
        0,
        "complaint",
        "",
        dt.date(2026, 8, 19),
        "consumer-protection-law-2013:39",
        "拒绝七日无理由退货",
    ),
    (
        1,
        "monitoring_finding",
        "",
        dt.date(2026, 9, 2),
        "ad-law-2021:9.3",
        "商品页使用“最佳”“第一”等用语",
    ),
    (2, "penalty", "ordinary", dt.date(2026, 3, 16), "price-law-1997:13", "未明码标价，罚款"),
    (
        2,
        "spot_check",
        "problem",
        dt.date(2026, 5, 28),
        "ecommerce-law-2018:15",
        "未在首页显著位置公示营业执照",
    ),
    (
        3,
        "penalty",
        "heavy",
        dt.date(2025, 9, 9),
        "ecommerce-law-2018:77",
        "组织虚假交易（刷单），从重罚款",
    ),
    (
        4,
        "annual_report_overdue",
        "",
        dt.date(2026, 7, 1),
        "enterprise-info-disclosure-regulations-2014:8",
        "未报送2025年度报告",
    ),
    (
        5,
        "licence_problem",
        "",
        dt.date(2026, 4, 12),
        "food-safety-law-2021:35",
        "食品经营许可证已过期仍在网上销售",
    ),
    (6, "penalty", "low", dt.date(2026, 10, 9), "price-law-1997:13", "通报批评"),
    (7, "complaint", "", dt.date(2026, 9, 25), "consumer-protection-law-2013:39", "虚假促销"),
]


@demo_step(40)
def load_credit(context: DemoContext) -> None:
    from wangjian.core.models import Division
    from wangjian.credit import actions
    from wangjian.credit.actions.tier_models import load_tier_models
    from wangjian.credit.models import CreditListEntry, TierRun
    from wangjian.registry.models import MarketEntity

    context.log(f"  分类模型 / tier models: {load_tier_models(actor=None)} loaded")
    yangpu = Division.objects.by_code("310110")
    entities = list(
        MarketEntity.objects.inside(yangpu).filter(status="active").order_by("uscc")[:8]
    )
    if len(entities) < 8:
        context.log("  跳过：主体库为空 / skipped: no registry")
        return
    events = {}
    for index, kind, severity, on, basis, summary in EVENTS:
        events[(index, kind)] = actions.record_credit_event(
            actor=None,
            entity=entities[index],
            kind=kind,
            occurred_on=on,
            legal_basis=basis,
            summary=summary,
            source_app="demo",
            source_type=kind,
            source_id=f"{entities[index].uscc}-{on.isoformat()}",
            severity=severity,
            sensitive_sector=kind == "licence_problem",
        )
    abnormal = CreditListEntry.objects.filter(entity=entities[4], list_kind="abnormal").first()
    if abnormal is None:
        abnormal = actions.notify_listing(
            actor=None,
            entity=entities[4],
            list_kind="abnormal",
            ground="未按照规定的期限公示2025年度报告",
            ground_basis="abnormal-operation-list-measures-2014:4.1",
            notified_on=dt.date(2026, 7, 6),
        )
        actions.decide_listing(
            actor=None, entry=abnormal, listed=True, decided_on=dt.date(2026, 7, 20)
        )
        actions.apply_for_repair(
            actor=None,
            entity=entities[4],
            kind="abnormal_removal",
            applied_on=dt.date(2026, 11, 16),
            list_entry=abnormal,
            statement="已于2026-11-13补报2025年度报告",
        )
    if not CreditListEntry.objects.filter(entity=entities[3], list_kind="serious").exists():
        serious = actions.notify_listing(
            actor=None,
            entity=entities[3],
            list_kind="serious",
            ground="组织虚假交易，受到从重罚款（较重行政处罚）",
            ground_basis="serious-violation-list-measures-2021:2",
            notified_on=dt.date(2025, 9, 15),
            penalty_event=events[(3, "penalty")],
        )
        actions.record_statement(actor=None, entry=serious, statement="当事人未提出陈述申辩")
        actions.decide_listing(
            actor=None, entry=serious, listed=True, decided_on=dt.date(2025, 9, 30)
        )
    if not TierRun.objects.filter(kind="monthly", as_of=AS_OF).exists():
        run = actions.recompute_tiers(actor=None, as_of=AS_OF, division=yangpu, kind="monthly")
        context.log(f"  信用风险分类 / tiers as of {AS_OF}: {run.entity_count} entities")
