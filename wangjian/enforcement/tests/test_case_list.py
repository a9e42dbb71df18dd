"""The case register through the shared list helper: search by party or shop, sorting by
party, the total."""

import datetime as dt

from django.test import Client

from wangjian.enforcement import actions


def test_case_list_searches_by_party_and_shop_and_sorts_by_party(world, regulator):
    by_shop = actions.register_case(
        actor=regulator,
        conduct="直播间宣称保健食品具有治疗功能",
        entity=world["food"],
        shop=world["yangpu_shop"],
        found_on=dt.date(2026, 11, 25),
        violated_articles=["ad-law-2021:57"],
    )
    other = actions.register_case(
        actor=regulator,
        conduct="网店未明码标价",
        entity=world["tech"],
        found_on=dt.date(2026, 12, 2),
    )
    client = Client()
    client.force_login(regulator)
    shop = client.get("/enforcement/", {"q": "S-001"})
    assert [case.pk for case in shop.context["page"]] == [by_shop.pk]
    party = client.get("/enforcement/", {"q": "某某 科技"})
    assert [case.pk for case in party.context["page"]] == [other.pk]
    ordered = client.get("/enforcement/", {"sort": "party"})
    names = [case.party_name for case in ordered.context["page"]]
    reverse = client.get("/enforcement/", {"sort": "-party"})
    assert [case.party_name for case in reverse.context["page"]] == names[::-1]
    assert sorted(names) == sorted([world["food"].name, world["tech"].name])
    assert "共 2 条" in ordered.content.decode()
