"""物联感知: the same alert posted twice is stored once; alerts map to the entity registered at
their address; too many waiting alerts answer 429; alerts feed the risk warnings."""

import datetime as dt

import pytest
from django.test import Client

from wangjian.collaboration import actions
from wangjian.collaboration.error_codes import CollaborationNotPermitted
from wangjian.collaboration.models import DeviceAlert, RiskAlert
from wangjian.core.choices import OrgUnitKind, Role
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_org_unit, make_user
from wangjian.registry.tests.factories import make_entity, make_uscc

URL = "/api/v1/collaboration/device-alerts/"
KITCHEN = "上海市杨浦区五角场街道政通路100号"


@pytest.fixture
def vendor(divisions):
    unit = make_org_unit("杨浦区明厨亮灶平台", divisions["yangpu"], OrgUnitKind.PARTNER)
    return make_user("kitchen_vendor", Role.PARTNER_DEPARTMENT, unit)


@pytest.fixture
def restaurant(divisions):
    return make_entity(
        make_uscc("92310110", "MA1K0001"),
        "杨浦区小李餐馆",
        divisions["wujiaochang"],
        address=KITCHEN,
    )


def alert(key, kind="kitchen_rodent", location=KITCHEN, **extra):
    return {
        "idempotency_key": key,
        "device_id": "CAM-0001",
        "kind": kind,
        "occurred_at": "2026-12-01T21:15:00+08:00",
        "location": location,
        "picture_ref": f"oss://kitchen/{key}.jpg",
        **extra,
    }


def post(user, alerts):
    client = Client()
    client.force_login(user)
    return client.post(URL, {"alerts": alerts}, content_type="application/json")


def test_the_same_alert_posted_twice_is_stored_once(vendor, restaurant):
    first = post(vendor, [alert("k-1"), alert("k-2")])
    assert first.status_code == 202
    assert first.json() == {"accepted": 2, "duplicates": 0, "mapped": 2, "unmapped": 0}
    again = post(vendor, [alert("k-1"), alert("k-1")])
    assert again.json() == {"accepted": 0, "duplicates": 2, "mapped": 0, "unmapped": 0}
    assert DeviceAlert.objects.count() == 2
    stored = DeviceAlert.objects.get(idempotency_key="k-1")
    assert (stored.entity, stored.state, stored.severity) == (restaurant, "mapped", "high")
    assert stored.division == restaurant.division


def test_unknown_address_is_kept_unmapped(vendor, restaurant):
    response = post(vendor, [alert("k-9", location="上海市杨浦区不存在路1号")])
    assert response.json()["unmapped"] == 1
    assert DeviceAlert.objects.get().entity is None


def test_a_bad_record_refuses_the_batch_naming_it(vendor, restaurant):
    response = post(vendor, [alert("k-1"), alert("k-2", kind="kitchen_cat")])
    assert response.status_code == 400
    assert "第2条告警" in response.json()["kind"][0]
    naive = post(vendor, [alert("k-3", occurred_at="2026-12-01T21:15:00")])
    assert naive.status_code == 400
    assert DeviceAlert.objects.count() == 0


def test_back_pressure_answers_429(vendor, restaurant, settings):
    settings.WANGJIAN_IOT_MAX_PENDING = 2
    post_unmapped = actions.receive_device_alerts(
        actor=vendor, alerts=[alert("a"), alert("b")], map_now=False
    )
    assert post_unmapped["accepted"] == 2
    response = post(vendor, [alert("c")])
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert DeviceAlert.objects.count() == 2
    # Mapping the waiting alerts drains the queue; the sender's retry is accepted.
    assert actions.map_waiting_alerts(actor=None) == (2, 0)
    assert post(vendor, [alert("c")]).status_code == 202
    assert set(DeviceAlert.objects.values_list("entity", flat=True)) == {restaurant.pk}


def test_device_alerts_feed_the_risk_warnings(vendor, restaurant, section_chief):
    post(vendor, [alert("r-1"), alert("r-2"), alert("t-1", kind="kitchen_no_hat")])
    from wangjian.registry.actions import add_licence

    add_licence(
        actor=None,
        holder=restaurant,
        kind="食品经营许可证",
        number="JY13101100000077",
        valid_from=dt.date(2021, 11, 1),
        valid_until=dt.date(2026, 11, 1),
    )
    actions.evaluate_risk(actor=section_chief)
    risk = RiskAlert.objects.get()
    assert risk.signals == ["licence_expired", "iot_alert"]
    assert risk.reasons[1]["reason"] == "近30日物联感知告警2次（后厨发现老鼠2次）"


def test_device_alert_endpoint_by_role(vendor, restaurant, regulator, other_regulator, consumer):
    assert Client().post(URL, {"alerts": []}, content_type="application/json").status_code == 401
    assert post(regulator, [alert("x")]).status_code == 403
    assert post(vendor, [alert("x")]).status_code == 202
    stored = DeviceAlert.objects.get()
    response = assert_scoping_matrix(
        ScopingCase(f"{URL}{stored.pk}/", f"{URL}999999/"),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert response.json()["kind"] == "kitchen_rodent"


def test_demo_sender_stream_is_accepted_by_the_api(vendor, restaurant, capsys):
    import json

    from wangjian.cli import main
    from wangjian.collaboration.commands import demo_stream

    assert main(["iot", "send-demo", "--dry-run", "--count", "30", "--batch", "10"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert len(printed["alerts"]) == 10
    stream = demo_stream(30, 17)
    assert post(vendor, stream).json()["accepted"] == 30
    assert post(vendor, stream).json()["duplicates"] == 30


def test_discipline_sync_command(db, capsys):
    from wangjian.cli import main

    assert main(["discipline", "sync"]) == 0
    assert "0 sent, 0 removals notified" in capsys.readouterr().out


def test_device_alert_page_by_role(vendor, restaurant, regulator, other_regulator, consumer):
    post(vendor, [alert("p-1")])
    for user, expected in ((regulator, 1), (vendor, 1), (other_regulator, 0)):
        client = Client()
        client.force_login(user)
        page = client.get("/collaboration/device-alerts/")
        assert page.status_code == 200
        assert page.content.decode().count("后厨发现老鼠 ") == expected, user
    client = Client()
    client.force_login(consumer)
    assert client.get("/collaboration/device-alerts/").status_code == 404


def _recent(key, kind, hours_ago):
    from django.utils import timezone

    at = timezone.localtime() - dt.timedelta(hours=hours_ago)
    return alert(key, kind=kind, occurred_at=at.isoformat())


def test_alerts_over_their_kinds_threshold_open_one_clue(vendor, restaurant, regulator):
    from wangjian.core.models import AuditEvent
    from wangjian.monitoring.models import Clue

    # 发现老鼠: 2 in 30 days opens a clue; 未戴口罩: 10 in 30 days, 3 do not; an old rodent
    # alert (40 days ago) is outside the window.
    post(
        vendor,
        [
            _recent("r-1", "kitchen_rodent", 2),
            _recent("r-2", "kitchen_rodent", 30),
            _recent("r-old", "kitchen_rodent", 40 * 24),
            *(_recent(f"m-{n}", "kitchen_no_mask", n) for n in range(3)),
        ],
    )
    with pytest.raises(CollaborationNotPermitted):
        actions.open_device_clues(actor=vendor)
    opened = actions.open_device_clues(actor=regulator)
    assert len(opened) == 1
    clue = Clue.objects.get()
    assert (clue.entity, clue.division, clue.state) == (
        restaurant,
        restaurant.division,
        "registered",
    )
    assert clue.summary.startswith(
        "【物联感知】后厨发现老鼠：30日内告警2次（转线索阈值2次，地方做法）"
    )
    marked = DeviceAlert.objects.filter(clue_number=clue.number)
    assert sorted(marked.values_list("idempotency_key", flat=True)) == ["r-1", "r-2"]
    event = AuditEvent.objects.get(event_type="monitoring.clue_registered")
    assert event.after["source"] == "物联感知"
    assert event.after["findings"] == []
    # Alerts already in a clue do not open another.
    assert actions.open_device_clues(actor=regulator) == []
    assert Clue.objects.count() == 1
    page = Client()
    page.force_login(regulator)
    text = page.get("/collaboration/device-alerts/").content.decode()
    assert "后厨发现老鼠：30 日内 2 次" in text
    assert clue.number in text


def test_device_alert_clue_step_by_role(vendor, restaurant, regulator, other_regulator, consumer):
    """The step works over the caller's own jurisdiction: another bureau's officer opens nothing
    here; a vendor or consumer (no 线索 capability) gets the common 404; anonymous, the login."""
    from wangjian.monitoring.models import Clue

    post(vendor, [_recent("r-1", "kitchen_rodent", 1), _recent("r-2", "kitchen_rodent", 2)])
    url = "/collaboration/device-alerts/clues/"
    assert "/login/" in Client().post(url)["Location"]
    for user in (vendor, consumer):
        client = Client()
        client.force_login(user)
        assert client.post(url).status_code == 404
    client = Client()
    client.force_login(other_regulator)
    assert client.post(url).status_code == 302
    assert Clue.objects.count() == 0
    client = Client()
    client.force_login(regulator)
    assert client.post(url).status_code == 302
    assert Clue.objects.get().entity == restaurant
