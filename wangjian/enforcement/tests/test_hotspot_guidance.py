"""提醒告诫 and other guidance issued from a complaint hot spot, shown on the hot-spot page."""

import datetime as dt

import pytest
from django.test import Client

from wangjian.enforcement import actions
from wangjian.enforcement.actions.common import EnforcementError
from wangjian.enforcement.models import Guidance


@pytest.fixture
def hotspot(world):
    from wangjian.complaints.models import HotSpot

    return HotSpot.objects.create(
        division=world["food"].division,
        dimension="respondent",
        value="上海杨浦甲乙食品有限公司",
        window_start=dt.date(2026, 11, 1),
        window_end=dt.date(2026, 11, 30),
        count=14,
        baseline=2.5,
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_guidance_from_a_hot_spot_records_its_source(world, hotspot, regulator, other_regulator):
    with pytest.raises(EnforcementError) as error:
        actions.issue_guidance(
            actor=other_regulator,
            kind="reminder",
            content="提醒规范经营，及时处理消费者投诉",
            entity=world["food"],
            hotspot=hotspot,
        )
    assert error.value.code == "ENF-SCOPE"
    guidance = actions.issue_guidance(
        actor=regulator,
        kind="reminder",
        content="提醒规范经营，及时处理消费者投诉",
        entity=world["food"],
        hotspot=hotspot,
    )
    assert (guidance.source_kind, guidance.hotspot) == ("hotspot", hotspot)
    assert guidance.source_note == (
        "投诉热点：被投诉人“上海杨浦甲乙食品有限公司”，2026-11-01至2026-11-30 共 14 件"
    )


def test_the_issue_form_and_the_hot_spot_page_are_scoped(
    world, hotspot, regulator, other_regulator, merchant
):
    text = _client(regulator).get(f"/enforcement/guidance/?hotspot={hotspot.pk}").content.decode()
    assert 'data-testid="guidance-hotspot"' in text
    assert f'name="hotspot" value="{hotspot.pk}"' in text
    text = (
        _client(other_regulator)
        .get(f"/enforcement/guidance/?hotspot={hotspot.pk}")
        .content.decode()
    )
    assert 'data-testid="guidance-hotspot"' not in text
    data = {
        "kind": "reminder",
        "entity_uscc": world["food"].uscc,
        "content": "提醒规范经营，及时处理消费者投诉",
        "hotspot": str(hotspot.pk),
    }
    response = _client(other_regulator).post("/enforcement/guidance/issue/", data)
    assert response.status_code == 400
    assert Guidance.objects.count() == 0
    assert _client(merchant).post("/enforcement/guidance/issue/", data).status_code == 404
    response = _client(regulator).post("/enforcement/guidance/issue/", data)
    assert response.status_code == 302
    guidance = Guidance.objects.get()
    assert guidance.hotspot == hotspot
    page = _client(regulator).get("/complaints/hotspots/").content.decode()
    assert f'data-testid="hotspot-guidance-{hotspot.pk}"' in page
    assert guidance.number in page
    assert f"/enforcement/guidance/?hotspot={hotspot.pk}" in page
