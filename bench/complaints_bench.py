"""Complaints: API intake throughput and near-duplicate detection at scale.

1. API intake: ``--api`` complaints POSTed to /api/v1/complaints/complaints/ with token
   authentication (registry matching, jurisdiction, clocks, audit) one per request, and as
   many again in batches of ``BATCH`` per request, against a plain ``Complaint.objects.create``
   of the same rows, in complaints/s. Then the screening job (duplicates and serial patterns,
   after commit) over all of them, checking that every planted re-filing is linked.
2. Duplicate detection over ``--size`` synthetic complaints (default 20,000; ``--full`` for
   1,000,000): MinHash signatures and LSH candidate search, which finds the planted
   near-duplicate pairs, against a plain ``bulk_create`` insert of the same number of rows.

    python bench/complaints_bench.py [--api 300] [--size 20000] [--full]
"""

import argparse
import datetime as dt
import os
import random
import time

from _setup import setup_database, timed

PRODUCTS = [
    "坚果礼盒",
    "羊毛大衣",
    "蓝牙耳机",
    "精华液",
    "婴儿奶粉",
    "电动牙刷",
    "运动鞋",
    "空气炸锅",
    "扫地机器人",
    "儿童安全座椅",
    "茶叶",
    "手机壳",
    "床垫",
    "洗衣液",
    "咖啡机",
    "电动自行车",
]
PHRASES = [
    "收到后发现已经过期",
    "包装上的生产日期被涂改",
    "与页面描述严重不符",
    "材质明显是劣质仿品",
    "使用三天后无法开机",
    "商家要求自付运费返厂",
    "宣传为进口正品但无中文标签",
    "怀疑是假货",
    "付款后迟迟不发货",
    "申请退款被拒绝",
    "有明显使用痕迹",
    "疑似二手翻新",
    "赠品没有发",
    "直播间承诺的优惠没有兑现",
    "客服一直推诿",
    "平台介入后仍无结果",
    "商家称已拆封不退",
    "快递显示签收但本人没有收到",
    "发票一直不开",
    "尺码与详情页标注不一致",
    "颜色差别很大",
    "充电时发烫冒烟",
    "孩子使用后皮肤过敏",
    "说明书全是外文",
    "价格先涨后降属于虚假折扣",
    "会员自动续费没有提醒",
    "预售时间一再推迟",
    "店铺已经关闭联系不上",
    "要求加微信私下交易",
    "保修卡没有盖章",
    "外包装破损严重",
    "少发了一件",
    "商品有异味",
    "缺少合格证",
]
OPENINGS = ["本人于", "我在", "消费者于", "今年", "上个月", "本人家属于"]
ENDINGS = ["要求退款并赔偿。", "要求退一赔三。", "请求市场监管部门调解。", "希望尽快处理。"]


def synthetic_texts(size: int, rng: random.Random) -> tuple[list[str], list[tuple[int, int]]]:
    """Varied complaint texts; about 2% are re-filed near-duplicates (a few words changed)."""
    texts, planted = [], []
    for number in range(size):
        if number > 10 and rng.random() < 0.02:
            original = rng.randrange(number)
            text = texts[original].replace("，", "，而且", 1) + "至今没有处理。"
            texts.append(text)
            planted.append((original, number))
            continue
        phrases = rng.sample(PHRASES, rng.randrange(3, 6))
        texts.append(
            f"{rng.choice(OPENINGS)}{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日购买"
            f"{rng.choice(PRODUCTS)}，订单{rng.randrange(10**11, 10**12)}，"
            f"{'，'.join(phrases)}，{rng.choice(ENDINGS)}"
        )
    return texts, planted


BATCH = 50


def bench_api(count: int, results: dict) -> None:
    from django.test import Client
    from django.utils import timezone

    from wangjian.complaints.actions import screen_pending
    from wangjian.complaints.choices import Channel
    from wangjian.complaints.models import Complaint, DuplicateLink
    from wangjian.complaints.tests.factories import make_world
    from wangjian.core.actions.reference_data import load_legal_catalogue
    from wangjian.core.choices import Role
    from wangjian.core.tests.factories import (
        make_api_token,
        make_org_unit,
        make_shanghai_tree,
        make_user,
    )

    divisions = make_shanghai_tree()
    load_legal_catalogue()
    world = make_world(divisions)
    unit = make_org_unit("上海市杨浦区市场监督管理局", divisions["yangpu"])
    user = make_user("bench_regulator", Role.REGULATOR, unit)
    client = Client(HTTP_AUTHORIZATION=f"Token {make_api_token(user)}", HTTP_HOST="localhost")
    rng = random.Random(6)
    # Twice ``count`` submissions: the first half one per request, the second in batches. A
    # planted near-duplicate is a re-filing by the same complainant, as screening looks for.
    texts, planted = synthetic_texts(2 * count, rng)
    phones = [f"139{rng.randrange(10**8):08d}" for _ in texts]
    for original, refiled in planted:
        phones[refiled] = phones[original]
    payloads = [
        {
            "kinds": ["complaint"],
            "external_id": f"B-{number}",
            "received_on": "2026-03-02",
            "complainant_name": "测试",
            "complainant_phone": phones[number],
            "respondent_name": world["yangpu_shop"].name,
            "shop_url": world["yangpu_shop"].url,
            "facts": texts[number],
        }
        for number in range(2 * count)
    ]
    url = "/api/v1/complaints/complaints/"
    ids = {}
    with timed(results, "api_intake"):
        for number, payload in enumerate(payloads[:count]):
            response = client.post(url, payload, content_type="application/json")
            assert response.status_code == 201, response.content
            ids[number] = response.json()["records"][0]["id"]
    with timed(results, "api_intake_batched"):
        for start in range(count, 2 * count, BATCH):
            chunk = payloads[start : start + BATCH]
            response = client.post(url, chunk, content_type="application/json")
            assert response.status_code == 201, response.content
            for offset, answer in enumerate(response.json()):
                ids[start + offset] = answer["records"][0]["id"]
    pending = Complaint.objects.filter(screened_at__isnull=True).count()
    with timed(results, "screening"):
        screened = screen_pending()
    assert screened == pending == 2 * count, (screened, pending)
    links = set(DuplicateLink.objects.values_list("complaint_id", "other_id"))
    found = sum(1 for original, refiled in planted if (ids[refiled], ids[original]) in links)
    results["planted_api"], results["found_api"] = len(planted), found
    template = Complaint.objects.first()
    now = timezone.now()
    with timed(results, "plain_insert_api_rows"):
        for number in range(count):
            Complaint.objects.create(
                receipt_number=f"P{number:012d}",
                kind="complaint",
                channel=Channel.API,
                received_on=template.received_on,
                rule_version=template.rule_version,
                respondent_name=template.respondent_name,
                respondent_kind=template.respondent_kind,
                purchase_channel=template.purchase_channel,
                facts=payloads[number]["facts"],
                received_by=template.received_by,
                division=template.division,
                screened_at=now,
            )


def bench_duplicates(size: int, results: dict) -> tuple[int, int, int]:
    from django.db import transaction

    from wangjian.complaints import duplicates
    from wangjian.complaints.models import Complaint
    from wangjian.core.models import Division

    rng = random.Random(2026)
    texts, planted = synthetic_texts(size, rng)
    division = Division.objects.get(code="310110000000")
    with timed(results, "plain_insert"):
        for start in range(0, size, 5000):
            with transaction.atomic():
                Complaint.objects.bulk_create(
                    [
                        Complaint(
                            receipt_number=f"D{number:012d}",
                            kind="complaint",
                            channel="import_12315",
                            received_on=dt.date(2026, 3, 2),
                            rule_version="interim-measures-2019",
                            respondent_name="某店",
                            respondent_kind="unknown",
                            purchase_channel="platform",
                            facts=texts[number],
                            received_by=division,
                            division=division,
                        )
                        for number in range(start, min(start + 5000, size))
                    ]
                )
    found = set()
    with timed(results, "duplicate_detection"):
        index = duplicates.LshIndex()
        for number, text in enumerate(texts):
            signature = duplicates.signature(text)
            for other, _similarity in index.similar(signature, 0.6):
                found.add((other, number))
            index.add(number, signature)
    recalled = sum(1 for pair in planted if pair in found)
    return len(planted), recalled, len(found)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", type=int, default=300, help="complaints POSTed to the API")
    parser.add_argument("--size", type=int, default=20_000, help="complaints for duplicates")
    parser.add_argument("--full", action="store_true", help="duplicates over 1,000,000")
    args = parser.parse_args()
    size = 1_000_000 if args.full else args.size
    # The bench posts faster than the production rate limit allows one account.
    os.environ.setdefault("WANGJIAN_API_RATE_USER", "1000000/minute")
    engine = setup_database("complaints")
    results: dict[str, float] = {}
    bench_api(args.api, results)
    planted, recalled, found = bench_duplicates(size, results)

    api_rate = args.api / results["api_intake"]
    batched_rate = args.api / results["api_intake_batched"]
    plain_rate = args.api / results["plain_insert_api_rows"]
    print(f"database: {engine}; api complaints: {args.api}; duplicate corpus: {size:,}")
    print(
        f"api_intake: {api_rate:.1f} complaints/s = {api_rate / plain_rate:.3f}× plain insert "
        f"({plain_rate:.1f} rows/s, one create per row), one complaint per request"
    )
    print(
        f"api_intake_batched: {batched_rate:.1f} complaints/s = "
        f"{batched_rate / plain_rate:.3f}× plain insert, {BATCH} complaints per request"
    )
    print(
        f"screening after commit: {2 * args.api / results['screening']:.1f} complaints/s; "
        f"planted re-filings found: {results['found_api']}/{results['planted_api']}"
    )
    detect_rate = size / results["duplicate_detection"]
    insert_rate = size / results["plain_insert"]
    print(
        f"duplicate_detection: {results['duplicate_detection']:.1f} s = {detect_rate:,.0f} "
        f"complaints/s = {results['duplicate_detection'] / results['plain_insert']:.2f}× plain "
        f"bulk insert ({results['plain_insert']:.1f} s, {insert_rate:,.0f} rows/s)"
    )
    print(
        f"planted near-duplicate pairs: {planted:,}; found by LSH: {recalled:,} "
        f"({recalled / max(planted, 1):.1%}); pairs reported in all: {found:,}"
    )


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"total: {time.perf_counter() - start:.1f} s")
