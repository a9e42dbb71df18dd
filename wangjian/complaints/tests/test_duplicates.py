"""Near-duplicates and serial patterns: suggested with evidence, decided by a regulator, and
never a ground for refusal by themselves."""

import datetime as dt

import pytest

from wangjian.complaints import actions, duplicates
from wangjian.complaints.choices import LinkState, State
from wangjian.complaints.models import Complaint, DuplicateLink, SerialFlag
from wangjian.complaints.tests.factories import FACTS, file

ORIGINAL = (
    "我在好物商城的甲乙食品旗舰店买了两盒进口坚果礼盒，一共298元，收到后发现生产日期比收货日期还晚，"
    "打开后有几包坚果已经发霉了。联系客服要求退款，商家说已经拆封不给退。"
)
# The same complaint re-filed through 12315 a week later, reworded in places.
REWORDED = (
    "本人在好物商城甲乙食品旗舰店购买了两盒进口坚果礼盒，共298元，收货后发现生产日期竟然晚于收货日期，"
    "拆开后有几包坚果已经发霉。联系客服要求退款，商家称已拆封不予退款。"
)
UNRELATED = (
    "在张江美妆专营店购买的精华液宣称含有30%玻色因，但送检结果显示含量不足1%，属于虚假宣传，"
    "要求商家退一赔三。"
)
TEMPLATE = (
    "本人在贵店购买的商品标签未标注中文生产者名称和地址，违反食品安全法第九十七条，"
    "依据食品安全法第一百四十八条要求十倍赔偿，否则将向市场监管部门举报。"
)


def test_minhash_estimates_jaccard_on_chinese_texts():
    assert duplicates.jaccard(ORIGINAL, REWORDED) == pytest.approx(0.4, abs=0.15)
    close = duplicates.similarity(duplicates.signature(ORIGINAL), duplicates.signature(REWORDED))
    far = duplicates.similarity(duplicates.signature(ORIGINAL), duplicates.signature(UNRELATED))
    exact = duplicates.jaccard(ORIGINAL, REWORDED)
    assert abs(close - exact) < 0.2
    assert far < 0.1
    same = duplicates.signature("！" + ORIGINAL.replace("，", ", ") + "  ")
    assert duplicates.similarity(duplicates.signature(ORIGINAL), same) == 1.0


def test_lsh_clusters_near_duplicates_and_keeps_unrelated_apart():
    texts = {
        "a": FACTS,
        "b": FACTS.replace("两盒", "2盒").replace("客服", "在线客服"),
        "c": UNRELATED,
        "d": TEMPLATE,
        "e": TEMPLATE.replace("贵店", "你店"),
    }
    groups = duplicates.clusters(
        ((key, duplicates.signature(text)) for key, text in texts.items()), 0.6
    )
    assert sorted(groups) == [["a", "b"], ["d", "e"]]


def test_near_duplicate_across_channels_is_suggested_then_merged_not_dropped(
    world, divisions, regulator
):
    first = file(divisions["yangpu"], facts=FACTS, on=dt.date(2026, 3, 2)).records[0]
    second = file(
        divisions["yangpu"],
        facts=FACTS.replace("两盒", "2盒").replace("联系客服", "多次联系在线客服"),
        channel="import_12315",
        external_id="12315-88",
        on=dt.date(2026, 3, 9),
    ).records[0]
    other_person = file(
        divisions["yangpu"], facts=FACTS, complainant_phone="13999990000", on=dt.date(2026, 3, 9)
    ).records[0]
    link = DuplicateLink.objects.get()
    assert (link.complaint, link.other, link.state) == (second, first, LinkState.SUGGESTED)
    assert link.similarity >= 0.6
    assert not DuplicateLink.objects.filter(complaint=other_person).exists()
    actions.decide_duplicate(actor=regulator, link=link, decision=LinkState.MERGED)
    second.refresh_from_db()
    assert (second.state, second.merged_into) == (State.MERGED, first)
    assert Complaint.objects.count() == 3


def test_shared_template_is_flagged_with_evidence_but_still_needs_a_ground(
    world, divisions, regulator
):
    shops = ["甲乙食品旗舰店", "张江美妆专营店", "不存在的小店"]
    records = [
        file(
            divisions["yangpu"],
            respondent_name=name,
            shop_url="",
            facts=TEMPLATE.replace("贵店", f"贵店（{name}）"),
            on=dt.date(2026, 3, 2 + index),
        ).records[0]
        for index, name in enumerate(shops)
    ]
    flag = SerialFlag.objects.get()
    assert flag.complaint == records[-1]
    assert flag.reason == "shared_template"
    assert flag.evidence["same_text_against_other_respondents"] == 2
    assert {match["receipt"] for match in flag.evidence["matches"]} == {
        records[0].receipt_number,
        records[1].receipt_number,
    }
    flagged = records[-1]
    assert flagged.state == State.RECEIVED
    with pytest.raises(actions.ComplaintError) as refused:
        actions.decide_acceptance(actor=regulator, complaint=flagged, accept=False)
    assert refused.value.rule == "statutory_ground"
    assert "投诉行为提示不构成不予受理理由" in str(refused.value)
    # The flag does not stop acceptance either.
    actions.decide_acceptance(
        actor=regulator, complaint=flagged, accept=True, on=dt.date(2026, 3, 6)
    )
    flagged.refresh_from_db()
    assert flagged.state == State.MEDIATING


def test_high_volume_flag_counts_and_appeal(world, divisions, regulator):
    for index in range(10):
        filed = file(
            divisions["yangpu"],
            respondent_name=f"某店{index}",
            shop_url="",
            facts=(
                f"第{index}次：购买的商品与描述不符，颜色、尺码均有差异，要求退货退款。"
                f"编号{index * 7919}"
            ),
            on=dt.date(2026, 3, 2) + dt.timedelta(days=index),
        )
    flag = SerialFlag.objects.get(reason="high_volume")
    assert flag.evidence["complaints_in_window"] == 10
    assert flag.evidence["distinct_respondents"] == 10
    # The near-identical wording against ten shops is flagged as a shared template too.
    assert set(flag.complaint.flags.values_list("reason", flat=True)) == {
        "high_volume",
        "shared_template",
    }
    count = actions.appeal_flag(
        complaint=flag.complaint, lookup_code=filed.lookup_code, text="本人确为自用购买，有订单为证"
    )
    assert count == 2
    flag.refresh_from_db()
    assert flag.state == "appealed"
    actions.review_flag(actor=regulator, flag=flag, uphold=False, note="核实为自用")
    flag.refresh_from_db()
    assert flag.state == "withdrawn"


def test_repeated_report_under_2026_rules_is_shown_for_merging(world, divisions, regulator):
    from django.test import Client

    first = file(divisions["yangpu"], kinds=("report",), on=dt.date(2026, 5, 6)).records[0]
    again = file(
        divisions["yangpu"], kinds=("report",), on=dt.date(2026, 5, 8), facts=FACTS + "再次举报。"
    ).records[0]
    link = DuplicateLink.objects.get()
    assert (link.complaint, link.other) == (again, first)
    client = Client()
    client.force_login(regulator)
    page = client.get(f"/complaints/{again.pk}/").content.decode()
    assert "重复举报不予处理" in page
    # The earlier record shows the link too.
    assert again.receipt_number in client.get(f"/complaints/{first.pk}/").content.decode()
    old = file(divisions["yangpu"], kinds=("report",), on=dt.date(2025, 5, 6)).records[0]
    file(divisions["yangpu"], kinds=("report",), on=dt.date(2025, 5, 8), facts=FACTS + "再次举报。")
    older = DuplicateLink.objects.get(other=old).complaint
    assert "重复举报不予处理" not in client.get(f"/complaints/{older.pk}/").content.decode()


RE_FILED = FACTS.replace("两盒", "2盒").replace("联系客服", "多次联系在线客服")


def test_intake_numbers_at_once_and_screening_follows_after_commit(
    world, divisions, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from wangjian.complaints.actions import file_submission, screen_pending
    from wangjian.complaints.jobs import screen_pending_task
    from wangjian.complaints.tests.factories import intake

    first = file(divisions["yangpu"], facts=FACTS, on=dt.date(2026, 3, 2)).records[0]
    with django_capture_on_commit_callbacks(execute=True):
        second = file_submission(
            actor=None,
            data=intake(facts=RE_FILED),
            channel="import_12315",
            received_by=divisions["yangpu"],
            received_on=dt.date(2026, 3, 9),
        ).records[0]
    with django_capture_on_commit_callbacks(execute=True):
        file_submission(
            actor=None,
            data=intake(facts=UNRELATED),
            channel="web_form",
            received_by=divisions["yangpu"],
            received_on=dt.date(2026, 3, 9),
        )
    # Numbered and committed, flags pending; one queued task covers the burst.
    assert second.receipt_number.startswith("TS310110")
    assert Complaint.objects.get(pk=second.pk).screened_at is None
    assert not DuplicateLink.objects.exists()
    queued = DBTaskResult.objects.ready().filter(task_path=screen_pending_task.module_path)
    assert queued.count() == 1

    assert screen_pending() == 2

    link = DuplicateLink.objects.get()
    assert (link.complaint_id, link.other_id) == (second.pk, first.pk)
    assert not Complaint.objects.filter(screened_at__isnull=True).exists()
    assert screen_pending() == 0


def test_screening_compares_a_record_only_with_those_filed_before_it(world, divisions):
    from wangjian.complaints.actions import file_submission, screen_pending
    from wangjian.complaints.tests.factories import intake

    filed = [
        file_submission(
            actor=None,
            data=intake(facts=facts),
            channel="web_form",
            received_by=divisions["yangpu"],
            received_on=dt.date(2026, 3, 2),
        ).records[0]
        for facts in (FACTS, RE_FILED)
    ]

    assert screen_pending(limit=1) == 1
    # The first record, screened while the second already exists, is not linked to it ...
    assert not DuplicateLink.objects.exists()
    assert screen_pending() == 1
    # ... the second, screened next, is linked to the first: one link, as at intake.

    assert list(DuplicateLink.objects.values_list("complaint_id", "other_id")) == [
        (filed[1].pk, filed[0].pk)
    ]
