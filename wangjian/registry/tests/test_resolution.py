import datetime as dt
import json

import pytest

from wangjian.core.models import AuditEvent
from wangjian.registry.actions import decide_link, import_submission, reverse_link_decision
from wangjian.registry.error_codes import RegistryRefused
from wangjian.registry.models import EntityLink, MarketEntity, OnlineShop
from wangjian.registry.normalise import normalise_name
from wangjian.registry.resolution import candidates_for
from wangjian.registry.search import search
from wangjian.registry.tests.factories import make_entity, make_uscc

TODAY = dt.date(2026, 1, 15)


def test_name_normalisation_folds_width_brackets_and_company_forms():
    assert normalise_name("上海杨浦（星辰）科技有限责任公司") == "上海杨浦(星辰)科技有限公司"
    assert normalise_name("上海杨浦(星辰)科技有限公司") == "上海杨浦(星辰)科技有限公司"
    assert normalise_name("ＡＢＣ 贸易 有限公司") == "abc贸易有限公司"


@pytest.fixture
def star(divisions):
    return make_entity(
        make_uscc("91310110", "MA1T0001"),
        "上海杨浦（星辰）科技有限责任公司",
        divisions["wujiaochang"],
        address="上海市杨浦区五角场街道国定路500号",
    )


def rows(*lines):
    header = "店铺编号,店铺名称,店铺网址,经营者名称,统一社会信用代码,实际经营地址,联系方式"
    return "\n".join([header, *lines]).encode("utf-8")


@pytest.mark.django_db
def test_an_unregistered_code_is_resolved_by_name_and_address(register, star):
    unknown = make_uscc("91310110", "MA1T0099")
    content = rows(
        f"R1,星辰一号店,https://shop.example.com/r1,上海杨浦(星辰)科技有限公司,{unknown},"
        "上海市杨浦区五角场街道国定路500号,021-1",
        f"R2,星辰二号店,https://shop.example.com/r2,上海星辰科技有限公司,{unknown},"
        "上海市杨浦区定海路街道隆昌路99号,021-2",
    )
    import_submission(
        actor=None,
        platform=register["platform"],
        file_name="r.csv",
        content=content,
        period="2026H1",
        channel="upload",
        today=TODAY,
    )

    first = EntityLink.objects.get(shop__shop_id="R1")
    assert (first.entity, first.method, first.state, first.confidence) == (
        star,
        "name_address",
        "automatic",
        1.0,
    )
    assert OnlineShop.objects.get(shop_id="R1").entity == star
    second = EntityLink.objects.get(shop__shop_id="R2")
    assert second.state == "pending"
    assert 0.6 <= second.confidence < 0.95
    assert OnlineShop.objects.get(shop_id="R2").entity is None


@pytest.mark.django_db
def test_candidates_score_name_and_address(star):
    found = candidates_for(
        "上海杨浦（星辰）科技有限公司", "上海市杨浦区五角场街道国定路500号", today=TODAY
    )
    assert [(c.entity, c.confidence) for c in found] == [(star, 1.0)]
    assert candidates_for("完全无关的名字", "北京市", today=TODAY) == []


@pytest.mark.django_db
def test_decisions_are_audited_and_reversible(register, star, regulator):
    unknown = make_uscc("91310110", "MA1T0099")
    content = rows(
        f"R2,星辰二号店,https://shop.example.com/r2,上海星辰科技有限公司,{unknown},"
        "上海市杨浦区定海路街道隆昌路99号,021-2"
    )
    import_submission(
        actor=None,
        platform=register["platform"],
        file_name="r.csv",
        content=content,
        period="2026H1",
        channel="upload",
        today=TODAY,
    )
    link = EntityLink.objects.get(shop__shop_id="R2")

    decide_link(actor=regulator, link=link, confirm=True, reason="经电话核实")
    assert OnlineShop.objects.get(shop_id="R2").entity == star
    assert search(MarketEntity.objects.all(), "星辰二号店").get() == star

    reverse_link_decision(actor=regulator, link=link, reason="核实有误")
    link.refresh_from_db()
    assert (link.state, link.previous_state) == ("pending", "confirmed")
    assert OnlineShop.objects.get(shop_id="R2").entity is None
    assert list(search(MarketEntity.objects.all(), "星辰二号店")) == []

    events = AuditEvent.objects.filter(event_type__startswith="registry.entity_link").order_by(
        "sequence"
    )
    assert [(e.event_type, e.before["state"], e.after["state"], e.reason) for e in events] == [
        ("registry.entity_link_decided", "pending", "confirmed", "经电话核实"),
        ("registry.entity_link_reversed", "confirmed", "pending", "核实有误"),
    ]
    with pytest.raises(RegistryRefused):
        reverse_link_decision(actor=regulator, link=link, reason="再撤销")
    assert json.dumps(events[0].after) == json.dumps({"state": "confirmed", "shop_entity": star.pk})
