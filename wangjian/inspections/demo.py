"""Demo 双随机、一公开 for Yangpu: the item list, the three demo officers as the inspector
pool (one with a 回避 declaration), a second-quarter plan whose results are published (one
left unpublished past its deadline, for the dashboard) and a fourth-quarter plan drawn with a
committed seed. The seed is printed here only because this is demo data; in use the chief keeps
it until the draw."""

import datetime as dt
import hashlib

from wangjian.core.demo import DemoContext, demo_step

OFFICERS = [("regulator", "3101100101"), ("station", "3101100102"), ("chief", "3101100103")]
PLANS = [
    {
        "title": "2026年第二季度杨浦区医疗器械网络销售双随机抽查",
        "items": ["WJ-01", "WJ-02"],
        "scope": {"industry": "医疗器械"},
        "committed_on": dt.date(2026, 5, 6),
        "drawn_on": dt.date(2026, 5, 15),
        "sources": [
            {"name": "中国福利彩票双色球第2026053期", "date": "2026-05-12"},
            {"name": "上证综合指数2026-05-14收盘", "date": "2026-05-14"},
        ],
        "values": [[2, 7, 13, 19, 24, 31, 5], [3312.08]],
        "seed": "杨浦区局2026Q2种子-7d1c",
        "results": [
            ("no_problem", dt.date(2026, 6, 3), dt.date(2026, 6, 17)),
            ("problem_corrected", dt.date(2026, 6, 5), dt.date(2026, 6, 26)),
            ("not_published", dt.date(2026, 6, 8), None),
        ],
    },
    {
        "title": "2026年第四季度杨浦区网络食品经营双随机抽查",
        "items": ["WJ-01", "WJ-02", "WJ-06"],
        "scope": {"industry": "食品"},
        "committed_on": dt.date(2026, 11, 3),
        "drawn_on": dt.date(2026, 11, 20),
        "sources": [
            {"name": "中国福利彩票双色球第2026135期", "date": "2026-11-19"},
            {"name": "上证综合指数2026-11-20收盘", "date": "2026-11-20"},
        ],
        "values": [[3, 9, 14, 21, 27, 30, 11], [3371.52]],
        "seed": "杨浦区局2026Q4种子-a93f",
        "results": [("no_problem", dt.date(2026, 11, 20), dt.date(2026, 11, 20))],
    },
]


@demo_step(41)
def load_inspections(context: DemoContext) -> None:
    from wangjian.core.models import Division, User
    from wangjian.inspections import actions
    from wangjian.inspections.actions.items import load_items
    from wangjian.inspections.models import InspectionItem, InspectionPlan, Inspector
    from wangjian.registry.models import MarketEntity

    context.log(f"  抽查事项 / items: {load_items(actor=None)} loaded")
    yangpu = Division.objects.by_code("310110")
    chief = User.objects.filter(username="chief").first()
    if chief is None or not MarketEntity.objects.inside(yangpu).exists():
        context.log("  跳过：无演示机构或主体库 / skipped: no demo organisation or registry")
        return
    for username, certificate in OFFICERS:
        user = User.objects.get(username=username)
        if not Inspector.objects.filter(user=user).exists():
            actions.register_inspector(
                actor=None,
                user=user,
                certificate_number=certificate,
                certificate_valid_until=dt.date(2029, 12, 31),
            )
    station = Inspector.objects.get(user__username="station")
    if not station.recusals.exists():
        relative = (
            MarketEntity.objects.inside(yangpu)
            .filter(business_scope__contains="食品")
            .order_by("uscc")
            .first()
        )
        actions.declare_recusal(
            actor=None,
            inspector=station,
            entity=relative,
            reason="relative",
            detail="配偶任该公司监事",
            declared_on=dt.date(2026, 1, 10),
        )
    for spec in PLANS:
        if InspectionPlan.objects.filter(title=spec["title"]).exists():
            continue
        plan = actions.create_plan(
            actor=None,
            title=spec["title"],
            division=yangpu,
            year=2026,
            items=InspectionItem.objects.filter(code__in=spec["items"]),
            scope=spec["scope"],
            on=spec["committed_on"],
        )
        actions.commit_plan(
            actor=None,
            plan=plan,
            sources=spec["sources"],
            seed_commitment=hashlib.sha256(spec["seed"].encode()).hexdigest(),
            on=spec["committed_on"],
        )
        actions.draw_plan(
            actor=None,
            plan=plan,
            source_values=spec["values"],
            seed=spec["seed"],
            on=spec["drawn_on"],
        )
        tasks = list(plan.tasks.order_by("id"))
        for task, (outcome, result_on, published_on) in zip(tasks, spec["results"], strict=False):
            result = actions.record_result(
                actor=None, task=task, outcome=outcome, result_on=result_on, notes="演示数据"
            )
            if published_on:
                actions.publish_result(actor=None, result=result, on=published_on)
        context.log(f"  抽查计划 / plan: {plan.title}: {len(tasks)} tasks")
