"""The production path of `make demo`: migrate, then `wangjian serve` (gunicorn + whitenoise)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

# Random values as `wangjian init-env` writes them; the two keys must differ.
STRONG_KEY = "Zq8Lm3Vx7Tb2Nk9Rc4Hp6Wd1Sj5Gf0Ya-Ue_Ko3Ix8Bt2Mh7Ql4Zw9Cr6Dv1Es5Fn"
PERSONAL_KEY = "t7Kd2Pq9Xm4Bn8Vr1Lc6Hs3Wf0Gj5Za_Ey-Ui4Ok9Ta2Mb7Nq1Rx6Sz3Cw8Dv5Hp"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(tmp_path, **extra) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("WANGJIAN_") and key != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(
        WANGJIAN_DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        WANGJIAN_BASE_DIR=str(tmp_path),
        WANGJIAN_STATIC_ROOT=str(tmp_path / "static"),
        WANGJIAN_SECRET_KEY=STRONG_KEY,
        WANGJIAN_PERSONAL_DATA_KEY=PERSONAL_KEY,
    )
    environment.update(extra)
    return environment


def wangjian(*arguments, environment, **options):
    return subprocess.run(
        [sys.executable, "-m", "wangjian", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        **options,
    )


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_serve_answers_the_login_page_and_static_files(tmp_path):
    environment = server_environment(tmp_path)
    migrate = wangjian("manage", "migrate", "--noinput", environment=environment)
    assert migrate.returncode == 0, migrate.stderr
    port = free_port()
    bind = f"127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "wangjian", "serve", "--bind", bind, "--workers", "1"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # `serve` runs collectstatic (compressing every file) before gunicorn listens: over a
        # minute on a loaded two-core machine.
        deadline = time.monotonic() + 240
        status, body = 0, b""
        while time.monotonic() < deadline:
            try:
                status, body = fetch(f"http://127.0.0.1:{port}/login/")
                break
            except (ConnectionError, urllib.error.URLError):
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.3)
        assert status == 200
        assert "登录网监平台" in body.decode()
        css_status, css = fetch(f"http://127.0.0.1:{port}/static/wangjian/wangjian.css")
        assert css_status == 200
        assert b"--blue" in css
        home_status, _body = fetch(f"http://127.0.0.1:{port}/api/v1/core/me/")
        assert home_status == 401
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("command", [["serve"], ["worker", "--batch"]])
def test_server_processes_refuse_the_demo_secret_in_production(tmp_path, command):
    environment = server_environment(tmp_path)
    del environment["WANGJIAN_SECRET_KEY"]
    result = wangjian(*command, environment=environment)
    assert result.returncode != 0
    assert "refusing to start with insecure defaults" in result.stderr
    assert "WANGJIAN_SECRET_KEY" in result.stderr
