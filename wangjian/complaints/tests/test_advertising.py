"""Reports of illegal advertisements (暂行办法 第二十八条): the publisher's bureau, the
advertiser's for self-published internet ads, the advertiser's bureau as a first receiver, and
the transfer procedure that the 2026 measures reportedly delete."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from wangjian.complaints.actions import (
    ComplaintError,
    advertising_transfer_target,
    transfer_advertising_report,
)
from wangjian.complaints.actions.imports import import_12315
from wangjian.complaints.choices import AdPublisher, RecordKind, State
from wangjian.complaints.models import Complaint, ImportRowError, Transfer
from wangjian.complaints.tests.factories import file
from wangjian.core.choices import DivisionLevel
from wangjian.core.models import AuditEvent
from wangjian.core.tests.factories import make_division
from wangjian.registry.tests.factories import make_entity, make_uscc

pytestmark = pytest.mark.django_db

OLD_RULES = dt.date(2026, 3, 2)  # 暂行办法 in force
NEW_RULES = dt.date(2026, 5, 6)  # 总局令第121号 in force
AD_FACTS = (
    "该店在好物商城首页付费推广位发布广告称“全网销量第一、无效退款”，涉嫌虚假宣传和绝对化用语。"
)


@pytest.fixture
def huangpu(divisions):
    return make_division("310101", "黄浦区", DivisionLevel.COUNTY, divisions["municipal"])


def ad_report(received_by, *, on=OLD_RULES, publisher=AdPublisher.PLATFORM, **overrides):
    values = {
        "kinds": (RecordKind.REPORT,),
        "respondent_name": "张江美妆专营店",
        "shop_url": "https://shop.haowu.example/s/002",
        "facts": AD_FACTS,
        "advertisement": True,
        "ad_publisher": publisher,
    }
    values.update(overrides)
    return file(received_by, on=on, **values).records[0]


def test_report_of_a_platform_published_ad_goes_to_the_publishers_bureau(world, divisions, huangpu):
    # The ordinary report rule (第二十七条) would send a report on the Pudong shop to Pudong;
    # the ad was published by 好物商城, whose seat is Yangpu.
    report = ad_report(huangpu)
    assert report.division == divisions["yangpu"]
    assert report.ad_publisher_entity == world["platform"].entity
    transfer = Transfer.objects.get(complaint=report)
    assert (transfer.from_division, transfer.to_division) == (huangpu, divisions["yangpu"])
    assert transfer.basis == "complaint-handling-interim-measures-2019:28"
    assert "广告发布者所在地" in transfer.reason
    assert "第二十八条" in report.jurisdiction_reason

    ordinary = file(
        huangpu, on=OLD_RULES, kinds=(RecordKind.REPORT,), shop_url=world["pudong_shop"].url
    ).records[0]
    assert ordinary.division == divisions["pudong"]


def test_the_advertisers_bureau_keeps_an_internet_ad_report_it_received_first(world, divisions):
    report = ad_report(divisions["pudong"])
    assert report.division == divisions["pudong"]
    assert not Transfer.objects.filter(complaint=report).exists()
    assert report.jurisdiction_reason.startswith(
        "互联网广告的广告主所在地（先收到举报的可以处理）；收到部门具有管辖权"
    )
    at_the_publisher = ad_report(divisions["yangpu"])
    assert at_the_publisher.division == divisions["yangpu"]
    assert at_the_publisher.jurisdiction_reason.startswith("广告发布者所在地；收到部门具有管辖权")


def test_a_self_published_ad_goes_to_the_advertisers_bureau(world, divisions):
    report = ad_report(divisions["yangpu"], publisher=AdPublisher.ADVERTISER)
    assert report.division == divisions["pudong"]
    assert report.ad_publisher_entity == world["pudong_seller"]
    transfer = Transfer.objects.get(complaint=report)
    assert transfer.to_division == divisions["pudong"]
    assert "广告主自行发布互联网广告" in transfer.reason


def test_another_publisher_is_matched_in_the_register(world, divisions, huangpu):
    media = make_entity(
        make_uscc("91310101", "MA1P0777"),
        "上海黄浦某某传媒有限公司",
        huangpu,
        address="上海市黄浦区南京东路1号",
    )
    report = ad_report(
        divisions["yangpu"],
        publisher=AdPublisher.OTHER,
        ad_publisher_name="某某传媒",
        ad_publisher_uscc=media.uscc,
    )
    assert report.ad_publisher_entity == media
    assert report.ad_publisher_uscc == media.uscc
    assert report.division == huangpu
    unknown = ad_report(
        divisions["yangpu"], publisher=AdPublisher.OTHER, ad_publisher_name="未登记的自媒体账号"
    )
    # The publisher's place is unknown: the ordinary report rule decides (第二十七条), under
    # which the platform's bureau may keep a report on one of its sellers it received first.
    assert unknown.ad_publisher_entity is None
    assert unknown.division == divisions["yangpu"]
    assert unknown.jurisdiction_reason.startswith("平台经营者住所地（先收到举报的可以处理）")
    assert "第二十七条" in unknown.jurisdiction_reason


def test_a_mixed_submission_routes_only_its_report_by_the_publisher(world, divisions, huangpu):
    complaint, report = file(
        huangpu,
        on=OLD_RULES,
        kinds=(RecordKind.COMPLAINT, RecordKind.REPORT),
        respondent_name="张江美妆专营店",
        shop_url=world["pudong_shop"].url,
        advertisement=True,
        ad_publisher=AdPublisher.PLATFORM,
    ).records
    # The consumer dispute follows 第十二条 (the shop's place first); the report, the publisher.
    assert complaint.division == divisions["pudong"]
    assert report.division == divisions["yangpu"]
    assert (complaint.advertisement, complaint.ad_publisher) == (True, AdPublisher.PLATFORM)


@pytest.mark.parametrize(
    ("overrides", "field", "rule", "message"),
    [
        (
            {"ad_publisher": ""},
            "ad_publisher",
            "choice",
            "投诉举报 字段 ad_publisher：举报违法广告须选择广告发布者",
        ),
        (
            {"ad_publisher": AdPublisher.OTHER},
            "ad_publisher_name",
            "required",
            "投诉举报 字段 ad_publisher_name：其他广告发布者须填写名称或统一社会信用代码",
        ),
        (
            {"ad_publisher": AdPublisher.PLATFORM, "platform_name": "", "shop_url": ""},
            "platform_name",
            "required",
            "投诉举报 字段 platform_name：平台发布的广告须填写平台名称或店铺网址",
        ),
        (
            {"advertisement": False, "ad_publisher": AdPublisher.PLATFORM},
            "ad_publisher",
            "advertisement_only",
            "投诉举报 字段 ad_publisher：仅举报违法广告时填写广告发布者",
        ),
    ],
)
def test_advertising_fields_are_checked(world, divisions, overrides, field, rule, message):
    before = Complaint.objects.count()
    with pytest.raises(ComplaintError) as refused:
        ad_report(divisions["yangpu"], **overrides)
    assert (refused.value.field, refused.value.rule) == (field, rule)
    assert str(refused.value).startswith(message)
    assert " field " in refused.value.en
    assert refused.value.en != refused.value.zh
    assert Complaint.objects.count() == before


def test_the_publishers_bureau_transfers_the_advertiser_part_under_the_2019_rules(
    world, divisions, regulator, other_regulator
):
    report = ad_report(divisions["yangpu"])
    assert advertising_transfer_target(report) == divisions["pudong"]
    moved = transfer_advertising_report(
        actor=regulator, complaint=report, reason="广告主在浦东，需现场调取推广合同", on=OLD_RULES
    )
    assert moved.division == divisions["pudong"]
    assert moved.state == State.VERIFYING
    assert "由广告发布者所在地移交" in moved.jurisdiction_reason
    transfer = Transfer.objects.get(complaint=report)
    assert (transfer.from_division, transfer.to_division) == (
        divisions["yangpu"],
        divisions["pudong"],
    )
    assert transfer.basis == "complaint-handling-interim-measures-2019:28"
    assert transfer.reason.endswith("广告主在浦东，需现场调取推广合同")
    event = AuditEvent.objects.get(event_type="complaints.advertising_report_transferred")
    assert event.before == {"division": "310110000000"}
    assert event.after == {"division": "310115000000"}
    # Now Pudong's: Yangpu's handler cannot move it again, Pudong's sees it.
    assert not Complaint.objects.visible_to(regulator).filter(pk=report.pk).exists()
    assert Complaint.objects.visible_to(other_regulator).filter(pk=report.pk).exists()
    assert advertising_transfer_target(moved) is None
    # A second request made from the page loaded before the move finds the row moved.
    with pytest.raises(ComplaintError) as refused:
        transfer_advertising_report(actor=regulator, complaint=report, reason="再次申请移交")
    assert refused.value.rule == "advertising_report_transfer"
    assert Transfer.objects.filter(complaint=report).count() == 1


def test_the_2026_measures_have_no_advertising_report_transfer(world, divisions, regulator):
    report = ad_report(divisions["yangpu"], on=NEW_RULES)
    assert report.rule_version == "measures-2026"
    assert report.division == divisions["yangpu"]
    # The publisher-place rule itself is taken to carry over (basis marked unconfirmed).
    assert "第二十八条" not in report.jurisdiction_reason
    assert report.jurisdiction_reason.startswith("广告发布者所在地；收到部门具有管辖权")
    assert advertising_transfer_target(report) is None
    with pytest.raises(ComplaintError) as refused:
        transfer_advertising_report(
            actor=regulator, complaint=report, reason="广告主在浦东，需现场调取推广合同"
        )
    assert refused.value.rule == "advertising_report_transfer"
    assert str(refused.value).startswith(
        f"{report.receipt_number} 字段 division："
        "适用的市场监督管理投诉举报处理办法（总局令第121号）未规定广告举报移交程序"
    )
    report.refresh_from_db()
    assert report.division == divisions["yangpu"]
    assert not Transfer.objects.filter(complaint=report).exists()


def test_transfer_refusals_name_the_rule(world, divisions, regulator, consumer):
    self_published = ad_report(divisions["pudong"], publisher=AdPublisher.ADVERTISER)
    with pytest.raises(ComplaintError) as refused:
        transfer_advertising_report(actor=regulator, complaint=self_published, reason="处理困难")
    assert refused.value.rule == "advertising_report_transfer"
    report = ad_report(divisions["yangpu"])
    with pytest.raises(ComplaintError) as refused:
        transfer_advertising_report(actor=regulator, complaint=report, reason="难")
    assert (refused.value.field, refused.value.rule) == ("reason", "required")
    with pytest.raises(ComplaintError) as refused:
        transfer_advertising_report(actor=consumer, complaint=report, reason="处理困难情况")
    assert refused.value.rule == "capability"
    ordinary = file(divisions["yangpu"], on=OLD_RULES, kinds=(RecordKind.REPORT,)).records[0]
    with pytest.raises(ComplaintError) as refused:
        transfer_advertising_report(actor=regulator, complaint=ordinary, reason="处理困难情况")
    assert (refused.value.field, refused.value.rule) == ("advertisement", "advertising_report")
    assert Transfer.objects.filter(complaint__in=[report, ordinary]).count() == 0


def test_the_page_shows_the_publisher_and_transfers(world, divisions, regulator, other_regulator):
    report = ad_report(divisions["yangpu"])
    url = reverse("complaints:detail", args=[report.pk])
    step = reverse("complaints:step", args=[report.pk, "advertising_transfer"])
    client = Client()
    client.force_login(regulator)
    page = client.get(url).content.decode()
    assert "平台或网站发布（如付费推广）" in page
    assert 'data-testid="advertising-transfer"' in page
    assert "移交广告主所在地（浦东新区）" in page

    outsider = Client()
    outsider.force_login(other_regulator)
    assert outsider.post(step, {"reason": "处理困难情况"}).status_code == 404
    assert Complaint.objects.get(pk=report.pk).division == divisions["yangpu"]

    # The step is asked again before anything moves.
    confirm = client.post(step, {"reason": "广告主在浦东，需现场调取推广合同"})
    assert confirm.status_code == 200
    assert "本件将移交浦东新区办理，本局不再可见。" in confirm.content.decode()
    assert Complaint.objects.get(pk=report.pk).division == divisions["yangpu"]
    response = client.post(step, {"reason": "广告主在浦东，需现场调取推广合同", "confirmed": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:list")
    assert Complaint.objects.get(pk=report.pk).division == divisions["pudong"]
    assert client.get(url).status_code == 404


def test_public_form_files_an_advertising_report(world, divisions):
    response = Client().post(
        reverse("complaints:public-form", args=["310115"]),
        {
            "kind": "report",
            "complainant_name": "李明",
            "complainant_phone": "13900001111",
            "complainant_address": "上海市浦东新区张江路1号",
            "respondent_name": "甲乙食品旗舰店",
            "shop_url": world["yangpu_shop"].url,
            "platform_name": "好物商城",
            "purchase_channel": "platform",
            "advertisement": "on",
            "ad_publisher": "advertiser",
            "facts": "店铺首页宣传“国家级特供、治疗高血压”，涉嫌违法广告。",
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    report = Complaint.objects.get()
    assert (report.advertisement, report.ad_publisher) == (True, AdPublisher.ADVERTISER)
    assert report.division == divisions["yangpu"]
    assert report.received_by == divisions["pudong"]


def test_api_and_12315_import_carry_the_publisher(world, divisions, regulator):
    from wangjian.core.tests.factories import make_api_token

    token = make_api_token(regulator)
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    payload = {
        "kinds": ["report"],
        "received_on": "2026-03-02",
        "respondent_name": "张江美妆专营店",
        "shop_url": world["pudong_shop"].url,
        "facts": AD_FACTS,
        "advertisement": True,
        "ad_publisher": "platform",
    }
    created = api.post("/api/v1/complaints/complaints/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["records"][0]["division"] == "310110000000"
    refused = api.post(
        "/api/v1/complaints/complaints/",
        {**payload, "ad_publisher": ""},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "举报违法广告须选择广告发布者" in refused.json()["ad_publisher"][0]

    header = "登记编号,类型,收到日期,被投诉人名称,店铺网址,事实与理由,违法广告,广告发布者\n"
    rows = (
        f"A-1,举报,2026-03-02,张江美妆专营店,{world['pudong_shop'].url},{AD_FACTS},是,平台发布\n"
        f"A-2,举报,2026-03-02,张江美妆专营店,{world['pudong_shop'].url},{AD_FACTS},是,电视台\n"
        f"A-3,举报,2026-03-02,张江美妆专营店,{world['pudong_shop'].url},{AD_FACTS},是,\n"
    )
    batch = import_12315(
        actor=regulator,
        content=(header + rows).encode(),
        file_name="12315.csv",
        division=divisions["pudong"],
    )
    assert (batch.rows_committed, batch.rows_rejected) == (1, 2)
    imported = Complaint.objects.get(external_id="A-1")
    assert (imported.advertisement, imported.ad_publisher) == (True, AdPublisher.PLATFORM)
    assert imported.division == divisions["pudong"]  # the advertiser's bureau, first receiver
    errors = {e.row: (e.column, e.rule) for e in ImportRowError.objects.filter(batch=batch)}
    assert errors == {3: ("广告发布者", "choice"), 4: ("ad_publisher", "choice")}
