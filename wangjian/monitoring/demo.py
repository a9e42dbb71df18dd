"""Demo monitoring for Yangpu (``wangjian demo load``): one feed batch from 杨浦优选商城 — listings,
ads, live-stream transcript lines, reviews and shop pages in ``data/demo/listings.jsonl`` — then
some triage by the demo regulator and one clue decided by the section chief.

Idempotent: the same feed posted again returns its first receipt, and each triage step is skipped
once its findings are no longer open. Clue deadlines run from the day of the load; when the
working-day calendar does not cover that year the findings are left open instead.
"""

import json
from pathlib import Path

from wangjian.core.demo import DemoContext, demo_step

LISTINGS = Path(__file__).parent / "data" / "demo" / "listings.jsonl"
DEMO_BATCH_ID = "YP-DEMO-20260602"

# (item id, rule, reason, note): the regulator's reasons, as a rule author would want them.
DISMISSALS = [
    (
        "YP-20260602-037",
        "AT-003",
        "not_advertising",
        "“国家级非物质文化遗产”是图书书名及所收录项目的名录名称，不是对商品的宣传用语。",
    ),
    (
        "YP-20260602-003",
        "AT-003",
        "context",
        "正文已标明执行标准 GB/T 23347，“特级初榨”是该国家标准规定的等级名称，不属绝对化用语。",
    ),
    (
        "YP-20260602-045",
        "AT-002",
        "exemption_proven",
        "经营者提交了天猫平台出具的2023年双11手机壳类目销量排名证明，页面已标明数据来源。",
    ),
]
# (key, [(item id, rule), …], note): findings about one shop confirmed into one clue.
CONFIRMATIONS = [
    (
        "food",
        [("YP-20260602-002", "PR-002"), ("YP-20260602-002", "AT-003")],
        "“全网最低价”无比价依据，“国家级烘焙工艺”无认定文件，已截图固定页面。",
    ),
    (
        "cosmetics",
        [("YP-20260602-025", "MC-002")],
        "普通化妆品宣称“药妆级”“三天祛痘”“无副作用”，涉嫌医疗用语宣传，已截图固定。",
    ),
]
REFERRED = (
    "cosmetics",
    "经核查，该店铺在售精华液宣传使用医疗用语，备案信息不含祛痘功效，拟立案调查。",
)


def demo_records() -> list[dict]:
    """The demo feed; listings and ads carry the page they came from, on the demo platform's
    shop domain (shop1.example.cn, as the registry demo names it), for capture as evidence."""
    records = []
    with LISTINGS.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("shop_id") and record.get("source_type", "listing") in ("listing", "ad"):
                record.setdefault(
                    "url", f"https://shop1.example.cn/{record['shop_id']}/item/{record['id']}"
                )
            records.append(record)
    return records


def _findings(batch, item_id: str, rule: str):
    from wangjian.monitoring.models import Finding

    return list(
        Finding.objects.filter(item__batch=batch, item__external_id=item_id, rule=rule).order_by(
            "id"
        )
    )


@demo_step(45)
def load_monitoring(context: DemoContext) -> None:
    from wangjian.core.models import User
    from wangjian.monitoring import actions
    from wangjian.monitoring.choices import ClueState, FindingState

    platform_user = User.objects.filter(username="platform").first()
    regulator = User.objects.filter(username="regulator").first()
    chief = User.objects.filter(username="chief").first()
    if platform_user is None or not platform_user.platform_accounts.exists():
        context.log("  以网管网 / monitoring: registry demo missing, skipped")
        return
    received = actions.receive_feed(
        actor=platform_user, external_id=DEMO_BATCH_ID, records=demo_records()
    )
    batch = received.batch
    context.log(
        f"  以网管网报送批次 / monitoring feed #{batch.pk}: {batch.records} records, "
        f"{batch.findings} findings" + (" (already loaded)" if received.already_received else "")
    )

    for item_id, rule, reason, note in DISMISSALS:
        for finding in _findings(batch, item_id, rule):
            # An exempt finding only explains itself; there is nothing to dismiss.
            if finding.state == FindingState.OPEN and finding.verdict != "exempt":
                actions.dismiss_finding(actor=regulator, finding=finding, reason=reason, note=note)

    clues = {}
    for key, wanted, note in CONFIRMATIONS:
        findings = [f for item_id, rule in wanted for f in _findings(batch, item_id, rule)]
        confirmed = [f for f in findings if f.clue_id is not None]
        if confirmed:
            clues[key] = confirmed[0].clue
            continue
        if not findings or any(f.state != FindingState.OPEN for f in findings):
            continue
        try:
            clues[key] = actions.confirm_findings(
                actor=regulator, finding_ids=[f.pk for f in findings], note=note
            )
        except actions.MonitoringError as error:
            # No working-day table for this year: the deadline cannot be set, so leave the
            # findings open for a regulator rather than fail the whole demo.
            if error.rule != "calendar":
                raise
            context.log(f"  线索未登记 / clue not registered: {error}")

    key, note = REFERRED
    clue = clues.get(key)
    if clue is not None:
        clue.refresh_from_db()
        if clue.state == ClueState.REGISTERED:
            # The demo walks the whole verification: handler, check record, submission, decision.
            if clue.submitted_at is None:
                if clue.handler_id is None:
                    clue = actions.assign_clue_handler(
                        actor=regulator, clue=clue, handler=regulator
                    )
                if not clue.checks.exists():
                    actions.record_clue_check(
                        actor=regulator,
                        clue=clue,
                        checked="核对商品页面截图与平台留存的商品信息",
                        result="confirmed",
                        note="页面宣传用语与监测记录一致",
                    )
                clue = actions.submit_clue_for_decision(actor=regulator, clue=clue)
            actions.decide_clue(actor=chief, clue=clue, decision=ClueState.REFERRED, note=note)
    context.log(f"  线索 / clues: {len(clues)}")
