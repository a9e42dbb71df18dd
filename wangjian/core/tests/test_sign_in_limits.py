"""Sign-in throttling and lockout, counted in the database, with their audit events."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from wangjian.core.models import AuditEvent, FailedAttempt
from wangjian.core.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(username, password, address="192.0.2.10"):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/login/", {"username": username, "password": password})
    return client, response


def events(event_type):
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("sequence"))


def test_five_wrong_passwords_lock_the_username_even_for_the_right_one(regulator):
    for _attempt in range(5):
        _client, response = sign_in("yp_regulator", "wrong-password")
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()
    client, response = sign_in("yp_regulator", TEST_PASSWORD)
    assert response.status_code == 200
    assert "登录失败次数过多，登录已暂停。请在 15 分钟后再试" in response.content.decode()
    assert "_auth_user_id" not in client.session
    failed = events("core.sign_in_failed")
    assert len(failed) == 5
    assert failed[0].after == {
        "username": "yp_regulator",
        "address": "192.0.2.10",
        "known_user": True,
    }
    assert failed[0].division == regulator.org_unit.division
    locked = events("core.sign_in_locked")
    assert [(event.after["scope"], event.after["key"]) for event in locked] == [
        ("sign_in_username", "yp_regulator")
    ]
    assert events("core.signed_in") == []


def test_the_lock_lifts_when_the_failures_leave_the_window(regulator):
    for _attempt in range(5):
        sign_in("yp_regulator", "wrong-password")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
        client, response = sign_in("yp_regulator", TEST_PASSWORD)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(regulator.pk)


def test_a_successful_sign_in_is_audited_and_resets_the_username_count(regulator):
    for _attempt in range(4):
        sign_in("yp_regulator", "wrong-password")
    _client, response = sign_in("yp_regulator", TEST_PASSWORD)
    assert response.status_code == 302
    [signed_in] = events("core.signed_in")
    assert (signed_in.actor, signed_in.after) == (regulator, {"address": "192.0.2.10"})
    assert FailedAttempt.objects.filter(scope="sign_in_username").count() == 0
    for _attempt in range(4):
        sign_in("yp_regulator", "wrong-password")
    _client, response = sign_in("yp_regulator", TEST_PASSWORD)
    assert response.status_code == 302


def test_thirty_failures_from_one_address_lock_that_address_only(regulator, section_chief):
    for number in range(30):
        sign_in(f"guess{number}", "wrong-password", address="198.51.100.7")
    _client, refused = sign_in("yp_chief", TEST_PASSWORD, address="198.51.100.7")
    assert "登录失败次数过多" in refused.content.decode()
    _client, allowed = sign_in("yp_chief", TEST_PASSWORD, address="198.51.100.8")
    assert allowed.status_code == 302
    locked = events("core.sign_in_locked")
    assert [(event.after["scope"], event.after["key"]) for event in locked] == [
        ("sign_in_address", "198.51.100.7")
    ]
    unknown = events("core.sign_in_failed")[0]
    assert (unknown.after["known_user"], unknown.target_repr, unknown.division) == (
        False,
        "guess0",
        None,
    )


def test_failures_behind_a_proxy_count_the_forwarded_address(settings, regulator):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    client.post("/login/", {"username": "yp_regulator", "password": "nope"})
    assert events("core.sign_in_failed")[0].after["address"] == "203.0.113.5"


def test_a_forged_forwarded_address_is_ignored_without_a_proxy(regulator):
    for number in range(30):
        client = Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
        client.post("/login/", {"username": f"guess{number}", "password": "nope"})
    _client, refused = sign_in("yp_regulator", TEST_PASSWORD, address="198.51.100.9")
    assert "登录失败次数过多" in refused.content.decode()
    assert {event.after["address"] for event in events("core.sign_in_failed")} == {"198.51.100.9"}


def test_failures_that_left_the_window_are_dropped(regulator):
    for _attempt in range(3):
        sign_in("yp_regulator", "wrong-password")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
        sign_in("yp_regulator", "wrong-password")
    assert FailedAttempt.objects.filter(scope="sign_in_username").count() == 1
    assert FailedAttempt.objects.filter(scope="sign_in_address").count() == 1
