"""``wangjian discipline sync`` sends new list entries to partner departments and tells them of
removals (run daily, or after list decisions). ``wangjian iot send-demo`` posts a realistic
stream of device alerts to a running server, as a vendor's system would."""

import datetime as dt
import json
import random
import sys
import time
import urllib.error
import urllib.request

DEMO_ADDRESSES = [
    "上海市杨浦区五角场街道国定路400号",
    "上海市杨浦区五角场街道淞沪路7号",
    "上海市杨浦区定海路街道隆昌路1号",
]
# Kind → share of a realistic stream: kitchen cameras fire often, elevators rarely.
DEMO_MIX = [
    ("kitchen_no_hat", 0.40),
    ("kitchen_no_mask", 0.35),
    ("kitchen_rodent", 0.05),
    ("elevator_fault", 0.15),
    ("elevator_trapped", 0.05),
]


def register(subparsers) -> None:
    parser = subparsers.add_parser("discipline", help="联合惩戒 / joint discipline")
    commands = parser.add_subparsers(dest="discipline_command", metavar="SUBCOMMAND", required=True)
    sync = commands.add_parser(
        "sync", help="推送新列入名单并告知移出 / send new entries and removals to partners"
    )
    sync.set_defaults(handler=sync_command)

    iot = subparsers.add_parser("iot", help="物联感知 / device alerts")
    iot_commands = iot.add_subparsers(dest="iot_command", metavar="SUBCOMMAND", required=True)
    send = iot_commands.add_parser(
        "send-demo", help="向运行中的服务推送演示告警流 / post a demo alert stream to a server"
    )
    send.add_argument("--url", default="http://127.0.0.1:8000", help="服务地址 / server URL")
    send.add_argument("--token", default="", help="协作部门账号的接口令牌 / partner API token")
    send.add_argument("--count", type=int, default=200, help="告警条数 / number of alerts")
    send.add_argument("--batch", type=int, default=50, help="每次推送条数 / alerts per request")
    send.add_argument("--seed", type=int, default=17)
    send.add_argument(
        "--dry-run", action="store_true", help="只打印第一批，不推送 / print the first batch only"
    )
    send.set_defaults(handler=send_demo_command)


def sync_command(args) -> int:
    from wangjian.collaboration.actions import dispatch_list_entries

    sent, removals = dispatch_list_entries(actor=None)
    print(f"已推送 {sent} 条，告知移出 {removals} 条 / {sent} sent, {removals} removals notified")
    return 0


def demo_stream(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    kinds = [kind for kind, _share in DEMO_MIX]
    weights = [share for _kind, share in DEMO_MIX]
    now = dt.datetime.now(dt.UTC)
    alerts = []
    for n in range(count):
        kind = rng.choices(kinds, weights)[0]
        device = ("ELV" if kind.startswith("elevator") else "CAM") + f"-{rng.randrange(1, 40):03d}"
        moment = now - dt.timedelta(seconds=(count - n) * rng.randrange(20, 90))
        alerts.append(
            {
                "idempotency_key": f"demo-{seed}-{n}",
                "device_id": device,
                "kind": kind,
                "occurred_at": moment.isoformat(),
                "location": rng.choice(DEMO_ADDRESSES),
                "picture_ref": f"oss://demo/{device}/{moment:%Y%m%d%H%M%S}.jpg",
            }
        )
    return alerts


def send_demo_command(args) -> int:
    alerts = demo_stream(args.count, args.seed)
    if args.dry_run:
        print(json.dumps({"alerts": alerts[: args.batch]}, ensure_ascii=False, indent=1))
        return 0
    if not args.token:
        print("请用 --token 提供协作部门账号的接口令牌 / pass --token", file=sys.stderr)
        return 2
    endpoint = args.url.rstrip("/") + "/api/v1/collaboration/device-alerts/"
    totals = {"accepted": 0, "duplicates": 0, "mapped": 0, "unmapped": 0}
    index = 0
    while index < len(alerts):
        body = json.dumps({"alerts": alerts[index : index + args.batch]}).encode()
        request = urllib.request.Request(
            endpoint,
            data=body,
            headers={"Content-Type": "application/json", "Authorization": f"Token {args.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                outcome = json.loads(response.read())
        except urllib.error.HTTPError as error:
            if error.code == 429:
                wait = int(error.headers.get("Retry-After", "30"))
                print(f"服务繁忙，{wait} 秒后重试 / busy, retrying in {wait} s", file=sys.stderr)
                time.sleep(wait)
                continue
            print(error.read().decode(errors="replace"), file=sys.stderr)
            return 1
        for key in totals:
            totals[key] += outcome[key]
        index += args.batch
    print(
        f"已推送 {len(alerts)} 条：新增 {totals['accepted']}，重复 {totals['duplicates']}，"
        f"匹配主体 {totals['mapped']}，未匹配 {totals['unmapped']} / sent {len(alerts)}: "
        f"{totals}"
    )
    return 0
