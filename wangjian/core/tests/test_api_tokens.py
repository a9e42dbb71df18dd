"""Hashed, expiring, rotatable API tokens, and the API rate limits."""

import datetime as dt
import hashlib
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from wangjian.core.actions.organisation import issue_api_token, revoke_api_tokens
from wangjian.core.models import ApiRateCounter, ApiToken, AuditEvent
from wangjian.core.tests.factories import make_api_token

pytestmark = pytest.mark.django_db


def me(key):
    return Client().get("/api/v1/core/me/", HTTP_AUTHORIZATION=f"Token {key}")


def test_only_the_hash_of_a_key_is_stored(regulator):
    issued = issue_api_token(actor=None, user=regulator)
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(issued.key.encode()).hexdigest()
    assert token.prefix == issued.key[:8]
    stored = " ".join(
        str(value) for value in ApiToken.objects.values_list().get() if value is not None
    )
    assert issued.key not in stored
    assert issued.key not in str(AuditEvent.objects.get(event_type="core.api_token_issued").after)
    assert me(issued.key).status_code == 200


def test_a_token_expires_after_its_lifetime(settings, regulator):
    settings.API_TOKEN_LIFETIME_DAYS = 90
    key = make_api_token(regulator)
    with time_machine.travel(timezone.now() + dt.timedelta(days=89), tick=False):
        assert me(key).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=91), tick=False):
        response = me(key)
    assert response.status_code == 401
    assert "已过期" in response.json()["detail"]


def test_last_use_is_recorded(regulator):
    key = make_api_token(regulator)
    assert ApiToken.objects.get().last_used_at is None
    me(key)
    assert ApiToken.objects.get().last_used_at is not None


def test_rotation_returns_a_new_key_once_and_the_old_one_runs_out(regulator):
    old = make_api_token(regulator)
    response = Client().post("/api/v1/core/tokens/rotate/", HTTP_AUTHORIZATION=f"Token {old}")
    assert response.status_code == 201
    new = response.json()["key"]
    assert new != old
    assert len(new) >= 40
    assert me(new).status_code == 200
    assert me(old).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25), tick=False):
        assert me(old).status_code == 401
        assert me(new).status_code == 200
    rotated = AuditEvent.objects.get(event_type="core.api_token_rotated")
    assert (rotated.actor, rotated.before) == (regulator, {"prefix": old[:8]})
    assert new not in str(rotated.after)
    assert old not in str(rotated.after)


def test_rotation_needs_the_token_itself(regulator):
    client = Client()
    client.force_login(regulator)
    response = client.post("/api/v1/core/tokens/rotate/")
    assert response.status_code == 400
    assert Client().post("/api/v1/core/tokens/rotate/").status_code == 401


def test_revoked_tokens_are_refused(capsys, regulator):
    from wangjian.cli import main

    key = make_api_token(regulator)
    assert main(["users", "revoke-tokens", "yp_regulator"]) == 0
    assert "已作废 1 个令牌" in capsys.readouterr().out
    assert me(key).status_code == 401
    assert revoke_api_tokens(actor=None, user=regulator) == 0
    events = AuditEvent.objects.filter(event_type="core.api_token_revoked").order_by("sequence")
    assert [event.after for event in events] == [{"revoked": [key[:8]]}, {"revoked": []}]


def test_the_command_line_refuses_a_non_positive_lifetime(capsys, regulator):
    from wangjian.cli import main

    assert main(["users", "token", "yp_regulator", "--days", "0"]) == 2
    assert ApiToken.objects.count() == 0
    assert main(["users", "token", "yp_regulator", "--days", "7"]) == 0
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == dt.timedelta(days=7)


def test_the_migration_hashes_plaintext_authtoken_rows(regulator):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("wangjian.core.migrations.0003_api_tokens_and_sign_in_limits")
    legacy_key = "a" * 8 + "0123456789abcdef0123456789abcdef"
    with connection.cursor() as cursor:
        # The columns the migration reads, in types both databases know.
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint)")
        cursor.execute(
            "INSERT INTO authtoken_token (key, user_id) VALUES (%s, %s)",
            [legacy_key, regulator.pk],
        )
    # The function reads only the editor's connection; a real schema editor cannot open inside
    # the test's transaction on SQLite.
    migration.hash_legacy_tokens(apps, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
        cursor.execute("DROP TABLE authtoken_token")
    token = ApiToken.objects.get()
    assert (token.user, token.prefix) == (regulator, "aaaaaaaa")
    assert me(legacy_key).json()["username"] == "yp_regulator"


def test_api_calls_beyond_the_user_rate_are_refused(settings, regulator):
    settings.API_THROTTLE_RATES = {"user": "3/minute", "anon": "2/minute"}
    key = make_api_token(regulator)
    assert [me(key).status_code for _call in range(4)] == [200, 200, 200, 429]
    other = Client()
    other.force_login(regulator)
    # The count is per user, whichever way the user signed in.
    assert other.get("/api/v1/core/me/").status_code == 429


def test_the_default_rates_stop_a_burst_of_150_calls(regulator):
    key = make_api_token(regulator)
    statuses = [me(key).status_code for _call in range(150)]
    assert statuses.count(200) == 120
    assert set(statuses[120:]) == {429}


def test_a_token_used_once_is_refused_as_soon_as_it_is_revoked(regulator):
    key = make_api_token(regulator)
    assert me(key).status_code == 200
    revoke_api_tokens(actor=None, user=regulator)
    assert me(key).status_code == 401


def test_the_limit_holds_over_any_window_of_its_duration(settings, regulator):
    settings.API_THROTTLE_RATES = {"user": "4/minute", "anon": "2/minute"}
    key = make_api_token(regulator)
    start = dt.datetime(2026, 3, 2, 9, 0, 40, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        assert [me(key).status_code for _call in range(2)] == [200, 200]
    # Across the turn of the minute: the window is the last sixty seconds, not the clock minute.
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        assert [me(key).status_code for _call in range(4)] == [200, 200, 429, 429]
        counter = ApiRateCounter.objects.get()
        assert len(counter.calls.split()) == 4
    # The first two calls slide out of the window; the refused ones were never counted.
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert [me(key).status_code for _call in range(3)] == [200, 200, 429]
        assert len(ApiRateCounter.objects.get().calls.split()) == 4
