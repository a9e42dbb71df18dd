"""Records of two bureaus tied together (a near-duplicate link across districts, the two halves
of a split 投诉并举报 filing, a serial-pattern flag counted across districts) never show one
bureau the other's receipt numbers; only the common superior's staff, who see both sides, see
and decide the link. Checked for every role on every page and in the audit log."""

import datetime as dt

import pytest
from django.test import Client

from wangjian.complaints import actions
from wangjian.complaints.choices import LinkState, RecordKind, State
from wangjian.complaints.models import Complaint, DuplicateLink, SerialFlag
from wangjian.complaints.tests.factories import file
from wangjian.core.choices import OrgUnitKind, Role
from wangjian.core.models import AuditEvent
from wangjian.core.tests.factories import make_org_unit, make_user

pytestmark = pytest.mark.django_db

PUDONG_SHOP = {"shop_url": "https://shop.haowu.example/s/002", "respondent_name": "张江美妆专营店"}


@pytest.fixture
def cast(
    divisions,
    regulator,
    section_chief,
    other_regulator,
    other_section_chief,
    wujiaochang_station,
    platform_user,
    consumer,
    world,
):
    from wangjian.registry.models import MerchantAccount

    city = make_org_unit("上海市市场监督管理局", divisions["shanghai"])
    merchant = make_user("pd_merchant", Role.MERCHANT)
    MerchantAccount.objects.create(user=merchant, entity=world["pudong_seller"])
    return {
        "yangpu regulator": regulator,
        "yangpu chief": section_chief,
        "pudong regulator": other_regulator,
        "pudong chief": other_section_chief,
        "station regulator": make_user("wjc", Role.REGULATOR, wujiaochang_station),
        "city regulator": make_user("sh_regulator", Role.REGULATOR, city),
        "city chief": make_user("sh_chief", Role.SECTION_CHIEF, city),
        "province admin": make_user("sh_admin", Role.PROVINCE_ADMIN, city),
        "platform": platform_user,
        "merchant": merchant,
        "consumer": consumer,
        "evaluator": make_user(
            "evaluator",
            Role.EVALUATOR,
            make_org_unit("某评估中心", divisions["shanghai"], OrgUnitKind.EVALUATOR),
        ),
        "partner": make_user(
            "partner",
            Role.PARTNER_DEPARTMENT,
            make_org_unit("杨浦区商务委", divisions["yangpu"], OrgUnitKind.PARTNER),
        ),
    }


@pytest.fixture
def split(world, divisions, regulator):
    """A mixed filing at Yangpu against the Pudong shop on the Yangpu platform: the complaint
    stays with Yangpu (a competent first receiver), the report is settled to Pudong; the same
    person then complains at Pudong, which screening links to both."""
    yangpu_complaint, report = file(
        divisions["yangpu"],
        kinds=(RecordKind.COMPLAINT, RecordKind.REPORT),
        on=dt.date(2026, 3, 2),
        **PUDONG_SHOP,
    ).records
    actions.settle_jurisdiction(
        actor=regulator,
        complaint=report,
        division=divisions["pudong"],
        reason="举报由违法行为发生地浦东处理",
        on=dt.date(2026, 3, 3),
    )
    pudong_complaint = file(divisions["pudong"], on=dt.date(2026, 3, 4), **PUDONG_SHOP).records[0]
    return {
        "yangpu": yangpu_complaint,
        "report": Complaint.objects.get(pk=report.pk),
        "pudong": pudong_complaint,
    }


# Which records each role may open, by the keys of ``split`` (all others: 404).
OPENS = {
    "yangpu regulator": {"yangpu"},
    "yangpu chief": {"yangpu"},
    "pudong regulator": {"report", "pudong"},
    "pudong chief": {"report", "pudong"},
    "station regulator": set(),
    "city regulator": {"yangpu", "report", "pudong"},
    "city chief": {"yangpu", "report", "pudong"},
    "province admin": {"yangpu", "report", "pudong"},
    "platform": set(),
    "merchant": set(),
    "consumer": set(),
    "evaluator": set(),
    "partner": set(),
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_split_records_and_cross_district_links_exist(split, divisions):
    assert split["yangpu"].division == divisions["yangpu"]
    assert split["report"].division == divisions["pudong"]
    assert split["pudong"].division == divisions["pudong"]
    assert split["yangpu"].sibling == split["report"]
    pairs = set(DuplicateLink.objects.values_list("complaint_id", "other_id"))
    assert (split["pudong"].pk, split["yangpu"].pk) in pairs


def test_every_role_sees_only_receipt_numbers_of_records_it_may_open(split, cast):
    for label, user in cast.items():
        client = _client(user)
        allowed = {split[key].receipt_number for key in OPENS[label]}
        for key, record in split.items():
            response = client.get(f"/complaints/{record.pk}/")
            expected = 200 if key in OPENS[label] else 404
            assert response.status_code == expected, (label, key, response.status_code)
            if response.status_code != 200:
                continue
            body = response.content.decode()
            shown = {r.receipt_number for r in split.values() if r.receipt_number in body}
            assert shown <= allowed, (label, key, shown - allowed)


def test_bureaus_see_a_neutral_note_for_the_other_half_and_no_foreign_link(split, cast):
    page = _client(cast["yangpu regulator"]).get(f"/complaints/{split['yangpu'].pk}/")
    body = page.content.decode()
    assert "同一来件的另一部分已转其他部门办理。" in body
    assert split["report"].receipt_number not in body
    assert 'data-testid="duplicates"' not in body
    pudong = _client(cast["pudong regulator"]).get(f"/complaints/{split['pudong'].pk}/")
    body = pudong.content.decode()
    assert split["yangpu"].receipt_number not in body
    # The report moved to Pudong is within Pudong's reach, so that link stays.
    assert split["report"].receipt_number in body
    city = _client(cast["city regulator"]).get(f"/complaints/{split['yangpu'].pk}/")
    body = city.content.decode()
    assert split["pudong"].receipt_number in body
    assert split["report"].receipt_number in body
    assert "同一来件的另一部分（分别处理）" in body


def test_only_the_common_superior_decides_a_cross_district_link(split, cast, divisions):
    link = DuplicateLink.objects.get(complaint=split["pudong"], other=split["yangpu"])
    for label, user in cast.items():
        if label in ("city regulator", "city chief"):
            continue
        response = _client(user).post(
            f"/complaints/duplicates/{link.pk}/", {"decision": LinkState.MERGED}
        )
        missing = _client(user).post(
            "/complaints/duplicates/999999/", {"decision": LinkState.MERGED}
        )
        assert response.status_code == 404, (label, response.status_code)
        assert response.content == missing.content, label
    # The action refuses too, whatever the caller: nothing of Pudong's changes.
    with pytest.raises(actions.ComplaintError) as refused:
        actions.decide_duplicate(
            actor=cast["yangpu regulator"], link=link, decision=LinkState.MERGED
        )
    assert refused.value.rule == "both_sides_visible"
    assert "共同上级" in str(refused.value)
    assert "common superior" in refused.value.en
    link.refresh_from_db()
    assert (link.state, link.decided_by) == (LinkState.SUGGESTED, None)
    assert Complaint.objects.get(pk=split["pudong"].pk).state == State.RECEIVED
    assert not AuditEvent.objects.filter(event_type="complaints.duplicate_decided").exists()

    response = _client(cast["city regulator"]).post(
        f"/complaints/duplicates/{link.pk}/", {"decision": LinkState.MERGED}
    )
    assert response.status_code == 302
    merged = Complaint.objects.get(pk=split["pudong"].pk)
    assert (merged.state, merged.merged_into_id) == (State.MERGED, split["yangpu"].pk)
    event = AuditEvent.objects.get(event_type="complaints.duplicate_decided")
    # Filed at the level that sees both records, so neither bureau's chief reads it.
    assert event.division == divisions["municipal"]


def _serial_filings(divisions):
    """One person's ten complaints against ten shops in 10 days: six at Yangpu, four at Pudong;
    the tenth (at Yangpu) is flagged as high volume."""
    records = []
    for index in range(10):
        receiver = divisions["pudong"] if index in (1, 3, 5, 7) else divisions["yangpu"]
        records.append(
            file(
                receiver,
                respondent_name=f"某店{index}",
                shop_url="",
                complainant_phone="13700001111",
                facts=(
                    f"第{index}次：购买的商品与描述不符，颜色、尺码均有差异，要求退货退款。"
                    f"编号{index * 7919}"
                ),
                on=dt.date(2026, 3, 2) + dt.timedelta(days=index),
            ).records[0]
        )
    return records


def test_serial_flag_names_only_the_bureaus_own_records_and_counts_the_others(
    world, divisions, cast
):
    records = _serial_filings(divisions)
    own = [r.receipt_number for r in records if r.division == divisions["yangpu"]]
    foreign = [r.receipt_number for r in records if r.division == divisions["pudong"]]
    assert (len(own), len(foreign)) == (6, 4)
    flag = SerialFlag.objects.get(reason="high_volume")
    assert flag.complaint == records[-1]
    assert flag.evidence["complaints_in_window"] == 10
    assert flag.evidence["receipts"] == own
    assert flag.evidence["elsewhere"] == 4
    event = AuditEvent.objects.get(event_type="complaints.flag_raised", target_id=str(flag.pk))
    assert event.after["evidence"]["receipts"] == own
    assert event.after["evidence"]["elsewhere"] == 4

    # What each role reads of it: the page and the audit log (API and page). Each reads at most
    # the receipt numbers of its own side.
    sides = {"yangpu": set(own), "pudong": set(foreign), "city": set(own) | set(foreign)}
    for label, user in cast.items():
        client = _client(user)
        allowed = sides.get(label.split()[0], set())
        if label == "province admin":
            allowed = sides["city"]
        for url in (
            f"/complaints/{flag.complaint_id}/",
            "/api/v1/core/audit-events/?event_type=complaints.flag_raised",
            "/audit/",
        ):
            body = client.get(url).content.decode()
            shown = {number for number in own + foreign if number in body}
            assert shown <= allowed, (label, url, shown - allowed)
    chief = _client(cast["yangpu chief"]).get(
        "/api/v1/core/audit-events/?event_type=complaints.flag_raised"
    )
    evidence = [row["after"]["evidence"] for row in chief.json()["results"]]
    assert {"receipts": own, "elsewhere": 4}.items() <= next(
        e for e in evidence if "receipts" in e
    ).items()
    page = _client(cast["yangpu regulator"]).get(f"/complaints/{flag.complaint_id}/")
    body = page.content.decode()
    assert "其他部门办理的件数（编号不显示）" in body
    assert "短期内投诉多个经营者" in body
    assert all(number in body for number in own)


def test_flags_stored_before_the_rule_are_filtered_when_shown(world, divisions, cast):
    records = _serial_filings(divisions)
    foreign = [r.receipt_number for r in records if r.division == divisions["pudong"]]
    flag = SerialFlag.objects.get(reason="high_volume")
    # As the old screening stored it: every receipt of the window, no count of others.
    flag.evidence = {
        **flag.evidence,
        "receipts": [r.receipt_number for r in records],
    }
    flag.evidence.pop("elsewhere")
    flag.save(update_fields=["evidence"])
    body = _client(cast["yangpu regulator"]).get(f"/complaints/{flag.complaint_id}/")
    text = body.content.decode()
    assert [number for number in foreign if number in text] == []
    assert "<dd>4</dd>" in text
