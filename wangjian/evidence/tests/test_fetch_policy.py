"""Evidence capture follows the outbound fetch policy (issue #19: server-side request forgery):
the entered URL is checked before Chromium starts, and Chromium reaches the network only through
the policy proxy, so a redirect to an internal address is refused too."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from wangjian.core.models import Job
from wangjian.core.netpolicy import FetchPolicy
from wangjian.evidence import actions
from wangjian.evidence.bundle.capture import CaptureError, CaptureRequest, capture_page
from wangjian.evidence.error_codes import EvidenceRefused


class _Internal(BaseHTTPRequestHandler):
    hits: list[str] = []
    redirect_to = ""

    def do_GET(self):
        _Internal.hits.append(self.path)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", _Internal.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = "内网页面".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        return


@pytest.fixture
def servers():
    """A shop site on 127.0.0.1 and an "intranet" page on 127.0.0.2."""
    _Internal.hits = []
    started = [ThreadingHTTPServer((host, 0), _Internal) for host in ("127.0.0.1", "127.0.0.2")]
    for server in started:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield started
    for server in started:
        server.shutdown()
        server.server_close()


def test_the_production_policy_refuses_a_loopback_url_before_the_browser_starts(servers):
    site, _internal = servers
    url = f"http://127.0.0.1:{site.server_address[1]}/"
    policy = FetchPolicy(extra_ports=frozenset({site.server_address[1]}))
    with pytest.raises(CaptureError) as refused:
        capture_page(CaptureRequest(url=url, policy=policy))
    assert "(loopback address): refused by policy" in str(refused.value)
    with pytest.raises(CaptureError, match="cloud metadata address"):
        capture_page(CaptureRequest(url="http://169.254.169.254/latest/meta-data/"))
    assert _Internal.hits == []


@pytest.mark.django_db
def test_a_staff_capture_is_refused_before_a_job_starts(settings, regulator):
    settings.FETCH_ALLOWED_NETWORKS = []
    with pytest.raises(EvidenceRefused) as raised:
        actions.capture_evidence(actor=regulator, url="http://10.0.0.5/")
    assert re.search("private address", raised.value.en)
    client = Client()
    client.force_login(regulator)
    response = client.post(
        "/api/v1/evidence/items/capture/",
        {"url": "http://169.254.169.254/latest/meta-data/"},
        content_type="application/json",
    )
    assert response.status_code == 400
    # The API answers in the reader's language (Chinese by default).
    assert "（云平台元数据地址" in response.json()["detail"][0]
    assert Job.objects.count() == 0


@pytest.mark.django_db
def test_a_bureau_allow_list_opens_its_intranet_to_that_bureau_only(
    settings, regulator, other_regulator
):
    settings.FETCH_ALLOWED_NETWORKS = []
    settings.FETCH_BUREAU_NETWORKS = {"310110": ["10.20.0.0/16"]}
    actions.check_capture_input(url="http://10.20.1.2/", division=regulator.jurisdiction)
    with pytest.raises(EvidenceRefused) as raised:
        actions.check_capture_input(url="http://10.20.1.2/", division=other_regulator.jurisdiction)
    assert re.search("private address", raised.value.en)
    with pytest.raises(EvidenceRefused) as raised:
        actions.check_capture_input(url="http://10.30.1.2/", division=regulator.jurisdiction)
    assert re.search("private address", raised.value.en)


@pytest.mark.browser
def test_a_redirect_to_an_internal_address_is_refused_in_the_browser(servers):
    site, internal = servers
    _Internal.redirect_to = f"http://127.0.0.2:{internal.server_address[1]}/secret"
    policy = FetchPolicy(
        allowed_networks=("127.0.0.1/32",),
        extra_ports=frozenset({site.server_address[1], internal.server_address[1]}),
    )
    with pytest.raises(CaptureError) as refused:
        capture_page(
            CaptureRequest(
                url=f"http://127.0.0.1:{site.server_address[1]}/redirect",
                policy=policy,
                timeout_ms=10000,
            )
        )
    assert "127.0.0.2 resolves to 127.0.0.2 (loopback address)" in str(refused.value)
    assert _Internal.hits == ["/redirect"]
