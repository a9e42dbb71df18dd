"""The complaints indicators of the zone board: records handled, the share of statutory steps
completed on time and the group-complaint rule, computed from records filed and decided through
the complaints app's own actions."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from wangjian.complaints import actions as complaint_actions
from wangjian.complaints.choices import LinkState, PurchaseChannel, RecordKind, State
from wangjian.complaints.models import DuplicateLink, Transfer
from wangjian.complaints.tests.factories import FACTS, file, make_world
from wangjian.core.actions.reference_data import load_legal_catalogue
from wangjian.zones import actions as zone_actions
from wangjian.zones.actions.programmes import load_indicators, load_programmes
from wangjian.zones.indicators import (
    ComputedFigure,
    board,
    group_complaint_threshold_on,
    group_complaint_thresholds,
    handled_in_zone,
    no_group_complaints_three_years,
    timely_rate_in_zone,
)
from wangjian.zones.lifecycle import add_years
from wangjian.zones.models import Programme
from wangjian.zones.programmes import ProgrammeDataError

D = dt.date
DAY = dt.timedelta(days=1)
TODAY = D(2026, 12, 1)
HANDLED_SOURCE = (
    "投诉举报数据库：辖区内处理部门办结的网络购买投诉举报，按办结日计"
    "（不予受理、ODR和解、调解成功、终止调解、立案、不予立案；不含合并的重复件、移送他处的件和"
    "线下购买）；"
)


@pytest.fixture
def world(divisions):
    # As the complaints app's own conftest does: its clocks and grounds cite the catalogue.
    load_legal_catalogue()
    return make_world(divisions)


@pytest.fixture
def zones(divisions):
    return {
        "yangpu": SimpleNamespace(division=divisions["yangpu"]),
        "pudong": SimpleNamespace(division=divisions["pudong"]),
    }


def person(number: int) -> dict:
    """A distinct complainant: the complainant key is the keyed hash of the phone number."""
    return {"complainant_name": f"消费者{number}", "complainant_phone": f"1390000{number:04d}"}


def refuse(regulator, complaint, on):
    return complaint_actions.decide_acceptance(
        actor=regulator,
        complaint=complaint,
        accept=False,
        ground="15.4",
        reason="购买商品超过三年",
        on=on,
    )


def threshold_text(threshold) -> str:
    return (
        f"标准：同一被投诉（举报）人{threshold.window_days}日内收到{threshold.min_complainants}名"
        "以上不同投诉举报人的投诉举报（2017-07-11起施行，未确认；依据《浙江示范区创建办法》第九条第(一)项）"
    )


def test_handled_counts_decisions_of_the_last_twelve_months_once(
    world, divisions, zones, regulator, other_regulator
):
    # Dated from the real today: merging a duplicate dates it today (decide_duplicate takes no
    # date), and the merged record must fall inside the period to show it is left out.
    today = timezone.localdate()
    start = add_years(today, -1) + DAY
    yangpu, pudong = divisions["yangpu"], divisions["pudong"]

    on_first_day = file(yangpu, on=start - 5 * DAY, **person(1)).records[0]
    refuse(regulator, on_first_day, start)
    day_before = file(yangpu, on=start - 20 * DAY, **person(2)).records[0]
    refuse(regulator, day_before, start - DAY)
    agreed = file(yangpu, on=today - 60 * DAY, **person(3)).records[0]
    complaint_actions.decide_acceptance(
        actor=regulator, complaint=agreed, accept=True, on=today - 55 * DAY
    )
    complaint_actions.record_agreement(
        actor=regulator, complaint=agreed, result="退款298元", on=today - 30 * DAY
    )
    # Accepted early enough that its mediation period ends inside a year whose working-day
    # table is loaded: acceptance is refused while the period's end cannot be computed.
    still_mediating = file(yangpu, on=today - 100 * DAY, **person(4)).records[0]
    complaint_actions.decide_acceptance(
        actor=regulator, complaint=still_mediating, accept=True, on=today - 95 * DAY
    )
    report = file(yangpu, kinds=(RecordKind.REPORT,), on=today - 40 * DAY, **person(5)).records[0]
    complaint_actions.decide_case_filing(
        actor=regulator,
        complaint=report,
        file_case=True,
        reason="涉嫌销售变质食品",
        on=today - 25 * DAY,
    )
    settled = file(yangpu, odr=True, on=today - 12 * DAY, **person(9))
    complaint_actions.consumer_odr_decision(
        complaint=settled.records[0],
        lookup_code=settled.lookup_code,
        accept=True,
        on=today - 10 * DAY,
    )
    # The same consumer again, in other words: merged into the agreed complaint, not a second
    # handling.
    duplicate = file(
        yangpu,
        facts=FACTS.replace("两盒", "2盒").replace("联系客服", "多次联系在线客服"),
        on=today - 50 * DAY,
        **person(3),
    ).records[0]
    link = DuplicateLink.objects.get(complaint=duplicate)
    assert link.other == agreed
    complaint_actions.decide_duplicate(actor=regulator, link=link, decision=LinkState.MERGED)
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.decided_on) == (State.MERGED, today)
    # A report received in Yangpu against a Pudong company's own website: Yangpu has no
    # jurisdiction, the report goes to Pudong, which handles it.
    transferred = file(
        yangpu,
        kinds=(RecordKind.REPORT,),
        respondent_name=world["pudong_seller"].name,
        respondent_uscc=world["pudong_seller"].uscc,
        shop_url="",
        platform_name="",
        purchase_channel=PurchaseChannel.OWN_WEBSITE,
        on=today - 30 * DAY,
        **person(6),
    ).records[0]
    assert transferred.division == pudong
    assert Transfer.objects.get(complaint=transferred).from_division == yangpu
    complaint_actions.decide_case_filing(
        actor=other_regulator,
        complaint=transferred,
        file_case=False,
        reason="未发现违法事实",
        on=today - 10 * DAY,
    )
    # Bought in the shop's store, not online: not 网络消费.
    offline = file(
        yangpu, purchase_channel=PurchaseChannel.OFFLINE, on=today - 30 * DAY, **person(7)
    ).records[0]
    assert offline.division == yangpu
    refuse(regulator, offline, today - 28 * DAY)
    in_pudong = file(
        pudong,
        shop_url=world["pudong_shop"].url,
        respondent_name="张江美妆专营店",
        on=today - 30 * DAY,
        **person(8),
    ).records[0]
    refuse(other_regulator, in_pudong, today - 28 * DAY)

    period = f"{start.isoformat()}至{today.isoformat()}"
    # Refused on the first day, agreed, the filed report and the ODR settlement.
    assert handled_in_zone(zones["yangpu"], today=today) == ComputedFigure(
        4, period, HANDLED_SOURCE + "投诉3件（其中ODR和解1件）、举报1件"
    )
    # The transferred report and Pudong's own complaint.
    assert handled_in_zone(zones["pudong"], today=today) == ComputedFigure(
        2, period, HANDLED_SOURCE + "投诉1件（其中ODR和解0件）、举报1件"
    )


def test_timely_rate_counts_the_regulators_steps_completed_in_the_period(
    world, divisions, zones, regulator, other_regulator
):
    yangpu = divisions["yangpu"]
    late = file(yangpu, on=D(2026, 3, 2), **person(1)).records[0]
    accept_clock = late.clocks.get(step="accept_decision")
    # 7 working days from Mon 2026-03-02; accepting on 03-20 is late.
    assert accept_clock.due_on == D(2026, 3, 11)
    complaint_actions.decide_acceptance(
        actor=regulator, complaint=late, accept=True, on=D(2026, 3, 20)
    )
    complaint_actions.record_agreement(
        actor=regulator, complaint=late, result="退款298元", on=D(2026, 4, 10)
    )
    report = file(yangpu, kinds=(RecordKind.REPORT,), on=D(2026, 5, 6), **person(2)).records[0]
    complaint_actions.decide_case_filing(
        actor=regulator,
        complaint=report,
        file_case=False,
        reason="未发现违法事实",
        on=D(2026, 5, 13),
    )
    complaint_actions.record_notice_sent(
        actor=regulator, complaint=report, step="reporter_notice", on=D(2026, 5, 14)
    )
    # ODR negotiation is the operator's time, not the bureau's.
    odr = file(yangpu, odr=True, on=D(2026, 6, 1), **person(3))
    complaint_actions.consumer_odr_decision(
        complaint=odr.records[0], lookup_code=odr.lookup_code, accept=True, on=D(2026, 6, 3)
    )
    # Completed before the period, still open, offline, outside the zone: none of them counts.
    before = file(yangpu, on=D(2025, 11, 3), **person(4)).records[0]
    refuse(regulator, before, D(2025, 11, 5))
    file(yangpu, on=D(2026, 11, 20), **person(5))
    offline = file(
        yangpu, purchase_channel=PurchaseChannel.OFFLINE, on=D(2026, 3, 2), **person(6)
    ).records[0]
    complaint_actions.decide_acceptance(
        actor=regulator, complaint=offline, accept=True, on=D(2026, 3, 25)
    )
    in_pudong = file(
        divisions["pudong"],
        shop_url=world["pudong_shop"].url,
        respondent_name="张江美妆专营店",
        on=D(2026, 3, 2),
        **person(7),
    ).records[0]
    complaint_actions.decide_acceptance(
        actor=other_regulator, complaint=in_pudong, accept=True, on=D(2026, 3, 25)
    )
    steps = {
        (row.complaint_id, row.step): (row.completed_on, row.timely, row.counted_in_regulator_clock)
        for row in late.clocks.all() | report.clocks.all() | odr.records[0].clocks.all()
    }
    assert steps == {
        (late.pk, "accept_decision"): (D(2026, 3, 20), False, True),
        (late.pk, "mediation_end"): (D(2026, 4, 10), True, True),
        (report.pk, "report_verification"): (D(2026, 5, 13), True, True),
        (report.pk, "reporter_notice"): (D(2026, 5, 14), True, True),
        (odr.records[0].pk, "odr_negotiation"): (D(2026, 6, 3), True, False),
    }

    figure = timely_rate_in_zone(zones["yangpu"], today=TODAY)
    # Four steps of the regulator's clock completed in the period, one of them late: 3 / 4.
    assert (figure.value, figure.period, figure.source) == (
        75.0,
        "2025-12-02至2026-12-01",
        "投诉举报办理时限：期内完成的法定办理环节4个，按期完成3个"
        "（不含不计入监管部门时限的ODR和解期）",
    )
    assert timely_rate_in_zone(zones["pudong"], today=TODAY).value == 0.0
    # On 2025-11-04 no step had been completed yet: nothing to judge.
    assert timely_rate_in_zone(zones["yangpu"], today=D(2025, 11, 4)) is None


def file_group(divisions, days, *, first_person=1, **overrides):
    """One record per day against the Yangpu shop, each from another complainant."""
    return [
        file(divisions["yangpu"], on=day, **person(first_person + index), **overrides).records[0]
        for index, day in enumerate(days)
    ]


def spread(start, count, last_offset):
    """``count`` days: ``start``, the days right after it, and ``start + last_offset``."""
    return [start + index * DAY for index in range(count - 1)] + [start + last_offset * DAY]


def test_group_rule_fires_at_the_threshold_inside_one_window(
    world, divisions, zones, django_assert_num_queries
):
    threshold = group_complaint_threshold_on(TODAY)
    assert (threshold.status, threshold.basis) == ("unconfirmed", "zj-zone-measures-2017:9.1")
    first = D(2026, 3, 2)
    last = first + (threshold.window_days - 1) * DAY
    file_group(divisions, spread(first, threshold.min_complainants, threshold.window_days - 1))

    with django_assert_num_queries(1):
        figure = no_group_complaints_three_years(zones["yangpu"], today=TODAY)
    assert (figure.value, figure.period, figure.source) == (
        "否",
        "2023-12-02至2026-12-01",
        "投诉举报数据库：发现群体性投诉举报，人数最多为甲乙食品旗舰店"
        f"（{first.isoformat()}至{last.isoformat()}，{threshold.min_complainants}名投诉举报人，"
        f"{threshold.min_complainants}件）；{threshold_text(threshold)}",
    )
    # Nothing of it is Pudong's.
    assert no_group_complaints_three_years(zones["pudong"], today=TODAY).value == "是"


def test_group_rule_does_not_fire_when_the_same_people_spread_just_wider(world, divisions, zones):
    threshold = group_complaint_threshold_on(TODAY)
    first = D(2026, 3, 2)
    file_group(divisions, spread(first, threshold.min_complainants, threshold.window_days))

    figure = no_group_complaints_three_years(zones["yangpu"], today=TODAY)
    # No window holds all of them: the last one's window starts the day after the first record.
    fewer = threshold.min_complainants - 1
    assert (figure.value, figure.source) == (
        "是",
        "投诉举报数据库：未达标准，人数最多为甲乙食品旗舰店"
        f"（{(first + DAY).isoformat()}至{(first + threshold.window_days * DAY).isoformat()}，"
        f"{fewer}名投诉举报人，{fewer}件）；{threshold_text(threshold)}",
    )


def test_group_rule_counts_people_not_filings(world, divisions, zones, regulator):
    threshold = group_complaint_threshold_on(TODAY)
    first = D(2026, 3, 2)
    filings = [
        file(divisions["yangpu"], on=first + index * DAY, **person(1)).records[0]
        for index in range(threshold.min_complainants + 1)
    ]
    # A merged duplicate counts once: the record it was merged into stands for both.
    link = DuplicateLink.objects.filter(complaint=filings[-1]).order_by("other_id").first()
    complaint_actions.decide_duplicate(actor=regulator, link=link, decision=LinkState.MERGED)
    # Bought offline: not 网络经营, even against the same shop.
    file_group(
        divisions,
        [first] * (threshold.min_complainants - 1),
        first_person=2,
        purchase_channel=PurchaseChannel.OFFLINE,
    )

    figure = no_group_complaints_three_years(zones["yangpu"], today=TODAY)
    last = first + (threshold.min_complainants - 1) * DAY
    assert (figure.value, figure.source) == (
        "是",
        "投诉举报数据库：未达标准，人数最多为甲乙食品旗舰店"
        f"（{first.isoformat()}至{last.isoformat()}，1名投诉举报人，"
        f"{threshold.min_complainants}件）；{threshold_text(threshold)}",
    )


def test_group_rule_looks_back_three_years(world, divisions, zones):
    threshold = group_complaint_threshold_on(TODAY)
    first = D(2023, 11, 1)
    file_group(divisions, [first + index * DAY for index in range(threshold.min_complainants)])

    assert no_group_complaints_three_years(zones["yangpu"], today=D(2026, 10, 31)).value == "否"
    # From 2026-11-01 the three years start after the first record: one person fewer.
    assert no_group_complaints_three_years(zones["yangpu"], today=D(2026, 11, 1)).value == "是"
    empty = no_group_complaints_three_years(zones["pudong"], today=TODAY)
    assert (empty.value, empty.source) == (
        "是",
        "投诉举报数据库：期内无可识别投诉举报人的网络购买投诉举报；" + threshold_text(threshold),
    )


def test_group_threshold_is_versioned_data_refused_when_malformed(tmp_path):
    versions = tmp_path / "versions.yaml"
    versions.write_text(
        "versions:\n"
        "  - {effective_on: 2027-01-01, min_complainants: 10, window_days: 60,"
        " basis: 'zj-zone-measures-2017:9.1', citation: 省局确认, status: confirmed}\n"
        "  - {effective_on: 2017-07-11, min_complainants: 5, window_days: 30,"
        " basis: 'zj-zone-measures-2017:9.1', citation: 地方实践, status: unconfirmed}\n",
        encoding="utf-8",
    )
    # The versions are read in date order whatever their order in the file.
    in_force = [
        group_complaint_threshold_on(day, versions)
        for day in (D(2017, 7, 11), D(2026, 12, 31), D(2027, 1, 1))
    ]
    assert [(row.min_complainants, row.window_days, row.status) for row in in_force] == [
        (5, 30, "unconfirmed"),
        (5, 30, "unconfirmed"),
        (10, 60, "confirmed"),
    ]
    assert group_complaint_threshold_on(D(2017, 7, 10), versions) is None

    no_status = tmp_path / "no_status.yaml"
    no_status.write_text(
        "versions:\n  - {effective_on: 2017-07-11, min_complainants: 5, window_days: 30,"
        " basis: 'zj-zone-measures-2017:9.1', citation: 地方实践}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProgrammeDataError) as refused:
        group_complaint_thresholds(no_status)
    assert str(refused.value) == (
        "no_status.yaml versions[0] 缺少字段 status / no_status.yaml versions[0] lacks status"
    )
    zero = tmp_path / "zero.yaml"
    zero.write_text(
        "versions:\n  - {effective_on: 2017-07-11, min_complainants: 0, window_days: 30,"
        " basis: 'zj-zone-measures-2017:9.1', citation: 地方实践, status: unconfirmed}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProgrammeDataError) as refused:
        group_complaint_thresholds(zero)
    assert str(refused.value) == (
        "zero.yaml versions[0] 字段 min_complainants：须为正整数，现为 0 / zero.yaml versions[0] "
        "field min_complainants: must be a positive integer, not 0"
    )


@pytest.fixture
def yangpu_zone(world, zhejiang, section_chief):
    # Loading the programmes needs the Zhejiang divisions of the Zhejiang programme too.
    load_programmes(actor=None)
    load_indicators(actor=None)
    return zone_actions.prepare_application(
        actor=section_chief,
        programme=Programme.objects.get(key="samr-zone-programme"),
        name="杨浦区全国网络市场监管与服务示范区",
        on=D(2025, 8, 25),
    )


def test_board_shows_the_complaints_figures(yangpu_zone, divisions, regulator, section_chief):
    today = timezone.localdate()
    refused = file(divisions["yangpu"], on=today - 8 * DAY, **person(1)).records[0]
    refuse(regulator, refused, today - 5 * DAY)

    board_rows = board(yangpu_zone)
    assert [row.indicator.key for row in board_rows][-4:] == [
        "complaints_handled",
        "complaints_timely_rate",
        "no_group_complaints_three_years",
        "registered_gig_workers",
    ]
    rows = {row.indicator.function: row for row in board_rows}
    period = f"{(add_years(today, -1) + DAY).isoformat()}至{today.isoformat()}"
    handled = rows["complaints.handled_in_zone"]
    assert (handled.available, handled.computed.value, handled.computed.period) == (
        True,
        1,
        period,
    )
    group = rows["complaints.no_group_complaints_three_years"]
    assert (group.available, group.computed.value) == (True, "是")
    timely = rows["complaints.timely_rate_in_zone"]
    assert timely.available is True
    # Its exact figure is tested above with fixed dates; here the board shows what it computes.
    assert timely.computed == timely_rate_in_zone(yangpu_zone, today=today)

    client = Client()
    client.force_login(section_chief)
    text = client.get(f"/zones/{yangpu_zone.pk}/indicators/").content.decode()
    assert (
        "网络消费投诉举报处理量(件)<br><small>系统计算</small></td>"
        f"<td>{period}</td><td>1</td><td></td><td>{HANDLED_SOURCE}投诉1件（其中ODR和解0件）、举报0件"
        in text
    )
    assert "近三年无涉及网络经营的群体性投诉举报(是/否)<br><small>系统计算</small></td>" in text
    assert "暂无数据来源(complaints.handled_in_zone)" not in text
    assert "暂无数据来源(complaints.no_group_complaints_three_years)" not in text
