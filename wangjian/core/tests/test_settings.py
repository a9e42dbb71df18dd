import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from wangjian.core.checks import check_insecure_defaults
from wangjian.core.security import insecure_default_problems, refuse_insecure_defaults

INSECURE = "insecure-demo-key-do-not-use-in-production"
STRONG = "x" * 50


@override_settings(
    DEBUG=False, ALLOW_INSECURE=False, SECRET_KEY=INSECURE, PERSONAL_DATA_HASH_KEY=INSECURE
)
def test_production_start_up_refuses_the_demo_secret():
    problems = insecure_default_problems()
    assert len(problems) == 2
    assert "WANGJIAN_SECRET_KEY" in problems[0]
    assert "WANGJIAN_PERSONAL_DATA_KEY" in problems[1]
    with pytest.raises(ImproperlyConfigured, match="refusing to start with insecure defaults"):
        refuse_insecure_defaults()
    assert [error.id for error in check_insecure_defaults(None)] == ["wangjian.E001"] * 2


@override_settings(
    DEBUG=False,
    ALLOW_INSECURE=False,
    SECRET_KEY=STRONG,
    PERSONAL_DATA_HASH_KEY=STRONG,
    ALLOWED_HOSTS=["*"],
)
def test_wildcard_hosts_are_refused_in_production():
    assert insecure_default_problems() == [
        "WANGJIAN_ALLOWED_HOSTS 不得包含 '*' / WANGJIAN_ALLOWED_HOSTS must not contain '*'"
    ]


@override_settings(
    DEBUG=False, ALLOW_INSECURE=False, SECRET_KEY=STRONG, PERSONAL_DATA_HASH_KEY=STRONG
)
def test_configured_production_settings_start():
    assert insecure_default_problems() == []
    refuse_insecure_defaults()


@override_settings(DEBUG=True, SECRET_KEY=INSECURE, PERSONAL_DATA_HASH_KEY=INSECURE)
def test_debug_mode_allows_the_demo_defaults():
    assert insecure_default_problems() == []
