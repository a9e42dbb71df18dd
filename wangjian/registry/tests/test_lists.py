"""The entity list through the shared list helper: words separated by spaces, sorting, the
total, the audited export; the profile's credit tier for staff and its print button."""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from wangjian.core.listing import search_terms
from wangjian.core.models import AuditEvent
from wangjian.registry.actions import link_merchant_account


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_search_terms_split_on_spaces_of_either_width_and_list_commas():
    assert search_terms(" 华彩　云帆 ,科技、 ") == ["华彩", "云帆", "科技"]


@pytest.mark.django_db
def test_entity_search_treats_spaces_as_separators(register, regulator):
    client = client_for(regulator)
    found = client.get("/registry/", {"q": "甲乙 食品"}).content.decode()
    assert "上海杨浦甲乙食品有限公司" in found
    assert "上海某某科技有限公司" not in found
    missing = client.get("/registry/", {"q": "甲乙 科技"}).content.decode()
    assert "上海杨浦甲乙食品有限公司" not in missing


@pytest.mark.django_db
def test_entity_list_sorts_counts_and_keeps_filters_in_links(register, regulator):
    client = client_for(regulator)
    response = client.get("/registry/", {"sort": "-uscc", "type": "enterprise"})
    listed = [entity.uscc for entity in response.context["listing"].page]
    assert listed == sorted(listed, reverse=True)
    assert response.context["listing"].total == len(listed) == 3
    html = response.content.decode()
    assert "共 3 条" in html
    assert 'href="?type=enterprise&amp;sort=uscc"' in html


@pytest.mark.django_db
def test_entity_export_follows_the_filters_and_is_audited(register, regulator):
    response = client_for(regulator).get("/registry/export.xlsx", {"q": "甲乙 食品"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["上海杨浦甲乙食品有限公司"]
    event = AuditEvent.objects.get(event_type="core.list_exported")
    assert event.after == {"rows": 1, "filters": {"q": "甲乙 食品", "status": "", "type": ""}}
    assert event.actor == regulator


@pytest.mark.django_db
def test_the_profile_shows_the_credit_tier_to_staff_only_and_can_be_printed(
    register, regulator, merchant
):
    food = register["food"]
    link_merchant_account(actor=None, user=merchant, entity=food)
    staff_page = client_for(regulator).get(f"/registry/entities/{food.pk}/").content.decode()
    assert "信用风险分类（内部）" in staff_page
    assert f'href="/credit/entities/{food.pk}/"' in staff_page
    assert "data-print" in staff_page
    own_page = client_for(merchant).get(f"/registry/entities/{food.pk}/").content.decode()
    assert "信用风险分类" not in own_page
    assert "/credit/entities/" not in own_page
