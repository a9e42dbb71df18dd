"""``wangjian credit load-models | recompute | explain``: tier models and classification."""

import datetime as dt
import sys

from wangjian.core.errors import for_terminal


def register(subparsers) -> None:
    parser = subparsers.add_parser("credit", help="信用监管与风险分类 / credit records and tiers")
    commands = parser.add_subparsers(dest="credit_command", metavar="SUBCOMMAND", required=True)
    load = commands.add_parser("load-models", help="载入分类模型 / load the tier models")
    load.set_defaults(handler=load_models_command)
    recompute = commands.add_parser(
        "recompute", help="全量信用风险分类（集合运算）/ classify the whole register"
    )
    recompute.add_argument("--as-of", type=dt.date.fromisoformat, help="基准日 YYYY-MM-DD")
    recompute.set_defaults(handler=recompute_command)
    explain = commands.add_parser("explain", help="说明一户的分类 / explain one entity's tier")
    explain.add_argument("uscc")
    explain.set_defaults(handler=explain_command)


def load_models_command(args) -> int:
    from wangjian.credit.actions.tier_models import load_tier_models
    from wangjian.credit.tiers import TierModelError

    try:
        created = load_tier_models(actor=None)
    except TierModelError as error:
        print(for_terminal(error), file=sys.stderr)
        return 1
    print(f"分类模型新增 {created} 个版本 / {created} tier model version(s) loaded")
    return 0


def recompute_command(args) -> int:
    from wangjian.credit.actions import recompute_tiers
    from wangjian.credit.tiers import TierModelError

    try:
        run = recompute_tiers(actor=None, as_of=args.as_of)
    except TierModelError as error:
        print(for_terminal(error), file=sys.stderr)
        return 1
    print(
        f"已分类 {run.entity_count} 户（基准日 {run.as_of}，模型 {run.model}）/ classified "
        f"{run.entity_count} entities as of {run.as_of}"
    )
    return 0


def explain_command(args) -> int:
    from wangjian.credit.models import TierAssessment
    from wangjian.credit.tiers import explain

    assessment = (
        TierAssessment.objects.filter(entity__uscc=args.uscc.strip().upper(), is_current=True)
        .select_related("run__model", "entity")
        .first()
    )
    if assessment is None:
        print(f"{args.uscc}：尚无分类结果 / no classification yet", file=sys.stderr)
        return 1
    result = explain(assessment)
    print(
        f"{assessment.entity.name} {assessment.entity.uscc}: {assessment.tier} "
        f"（风险分 {assessment.score}，{result.model}，基准日 {assessment.run.as_of}）"
    )
    for item in result.contributions:
        print(f"  {item.points:>3}  {item.category} · {item.title} — {item.basis}")
        for record in item.records:
            print(f"         {record.on} {record.title}")
    if result.better_tier:
        print(f"升至 {result.better_tier} 类的最小变化 / smallest change to {result.better_tier}:")
        for step in result.smallest_change:
            print(f"  - {step}")
    return 0
