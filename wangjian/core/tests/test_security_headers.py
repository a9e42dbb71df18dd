"""Content-Security-Policy, no-store for signed-in responses, HTTPS settings, the session idle
timeout and the signed-in-only API documentation."""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from wangjian.core.tests.factories import make_api_token

pytestmark = pytest.mark.django_db
PACKAGE = Path(__file__).resolve().parents[2]


def test_every_page_carries_a_same_origin_content_security_policy():
    response = Client().get("/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_served_template_has_inline_script_style_or_handler():
    # PDF templates (rendered by WeasyPrint, never served as pages) keep their <style>: they are
    # named *_pdf.html or live in a documents/ folder.
    pdf_templates = {"clue_record.html", "certificate.html"}
    offenders = []
    for path in sorted(PACKAGE.rglob("templates/**/*.html")):
        if (
            path.name in pdf_templates
            or path.name.endswith("_pdf.html")
            or "documents" in path.parts
        ):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style", r"\sstyle=", r"\son[a-z]+="):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(PACKAGE)}: {pattern}")
    assert offenders == []


def test_signed_in_pages_and_api_responses_are_not_stored(regulator):
    public = Client().get("/complaints/public/warnings/")
    assert public.status_code == 200
    assert "no-store" not in public.get("Cache-Control", "")
    # The lookup page shows one complainant's record to whoever holds the code.
    assert "no-store" in Client().get("/complaints/public/lookup/")["Cache-Control"]
    client = Client()
    client.force_login(regulator)
    page = client.get("/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    key = make_api_token(regulator)
    api = Client().get("/api/v1/core/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.status_code == 200
    assert "no-store" in api["Cache-Control"]
    assert "no-store" in Client().get("/api/v1/core/me/")["Cache-Control"]


def test_a_staff_session_ends_after_thirty_idle_minutes(regulator):
    client = Client()
    client.force_login(regulator)
    assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=29 + 31), tick=False):
        response = client.get("/jobs/")
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/jobs/"
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"])
        assert "您已超过 30 分钟未操作，为保护数据已自动退出" in page.content.decode()


def test_other_roles_keep_a_longer_idle_limit(merchant):
    client = Client()
    client.force_login(merchant)
    client.get("/")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=90), tick=False):
        assert client.get("/").status_code == 200


def test_api_docs_and_schema_need_a_sign_in_in_production(settings, regulator):
    settings.DEBUG = False
    anonymous = Client()
    docs = anonymous.get("/api/docs/")
    assert (docs.status_code, docs["Location"]) == (302, "/login/?next=/api/docs/")
    assert anonymous.get("/api/schema/").status_code == 401
    key = make_api_token(regulator)
    schema = Client().get("/api/schema/", HTTP_AUTHORIZATION=f"Token {key}")
    assert schema.status_code == 200
    client = Client()
    client.force_login(regulator)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert "unsafe-inline" in page["Content-Security-Policy"]
    # The Swagger UI's start-up script is a file of its own, not inline.
    assert b"<script>" not in page.content
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert b"SwaggerUIBundle" in script.content


def test_api_docs_are_open_in_a_debug_demo(settings):
    settings.DEBUG = True
    assert Client().get("/api/schema/").status_code == 200


def settings_with(**environment):
    code = (
        "from wangjian.config import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)"
    )
    env = {**os.environ, **environment}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_secure_cookies_switch_on_https_redirect_and_hsts():
    assert settings_with(WANGJIAN_SECURE_COOKIES="1") == ["True", "31536000", "True"]
    assert settings_with(WANGJIAN_SECURE_COOKIES="0") == ["False", "0", "False"]


def test_an_htmx_request_after_the_idle_limit_loads_the_sign_in_page(regulator):
    client = Client()
    client.force_login(regulator)
    client.get("/")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31), tick=False):
        response = client.get("/jobs/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/login/?next=/jobs/"
