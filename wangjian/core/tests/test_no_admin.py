"""The Django admin stays out (docs/decisions/0005-no-django-admin.md): it would write around
the actions, without their checks and audit events."""

from pathlib import Path

from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[2]


def test_the_admin_site_is_not_installed():
    assert "django.contrib.admin" not in settings.INSTALLED_APPS


def test_no_app_registers_models_with_an_admin():
    assert sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("admin.py")) == []
