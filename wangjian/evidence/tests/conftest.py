"""Fixtures for the evidence tests: a loopback site with Chinese text, a loopback RFC 3161 TSA
with a test PKI made for this run, and one real capture of the site shared by the tests."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from wangjian.core.netpolicy import FetchPolicy
from wangjian.evidence.bundle import keys
from wangjian.evidence.bundle.capture import CaptureRequest, capture_page
from wangjian.evidence.bundle.custody import MemoryCustodyLog
from wangjian.evidence.bundle.local_tsa import LocalTimestampAuthority
from wangjian.evidence.bundle.timestamps import request_timestamp
from wangjian.evidence.bundle.verify import Trust
from wangjian.evidence.bundle.wacz import add_certificate, seal_capture

PAGE_TEXT = "网络交易监测测试页面：某某旗舰店促销价￥99（原价￥199）"
PAGE = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>测试店铺首页</title>
<link rel="stylesheet" href="/style.css"></head>
<body><h1>{PAGE_TEXT}</h1><p id="more"><a href="#more">查看详情</a></p>
<p>经营者：上海某某电子商务有限公司</p></body></html>""".encode()
STYLE = b"body { font-family: sans-serif; background: #fff; } h1 { color: #c00; }"


class _SiteHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        routes = {
            "/": (PAGE, "text/html; charset=utf-8"),
            "/style.css": (STYLE, "text/css"),
        }
        body, mime = routes.get(self.path.split("?")[0], (b"not found", "text/plain"))
        self.send_response(200 if self.path.split("?")[0] in routes else 404)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        return


@pytest.fixture(scope="session")
def site_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SiteHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def loopback_policy(url: str) -> FetchPolicy:
    """The fetch policy with this run's loopback site allowed (production allows no loopback)."""
    return FetchPolicy(
        allowed_networks=("127.0.0.1/32",), extra_ports=frozenset({urlsplit(url).port})
    )


@pytest.fixture(autouse=True)
def loopback_site_allowed(settings, site_url):
    """Django-side captures (actions, API, CLI) may fetch the loopback site in these tests."""
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.FETCH_ALLOWED_PORTS = [urlsplit(site_url).port]


@pytest.fixture(scope="session")
def local_tsa():
    with LocalTimestampAuthority() as authority:
        yield authority


@pytest.fixture(scope="session")
def page_capture(site_url):
    """One real capture of the loopback site through Debian Chromium."""
    return capture_page(
        CaptureRequest(
            url=site_url,
            steps=[{"action": "click", "selector": "#more a"}],
            case={"reference": "沪市监杨处〔2026〕1号", "reason": "虚假宣传"},
            actors=[{"role": "collector", "name": "张三", "org_unit": "杨浦区市场监督管理局"}],
            software_version="test",
            policy=loopback_policy(site_url),
        )
    )


@pytest.fixture(scope="session")
def sealing_key():
    return keys.generate_key()


@pytest.fixture(scope="session")
def sealed(page_capture, local_tsa, sealing_key):
    """A bundle sealed by the library alone (no Django), with its trust file."""
    key = sealing_key
    log = MemoryCustodyLog(
        "test.wangjian/evidence-log", key, lambda data: request_timestamp(local_tsa.url, data)
    )
    log.append({"type": "capture", "bundle": "EV-TEST-000001"})
    result = seal_capture(
        page_capture,
        bundle_id="EV-TEST-000001",
        key=key,
        timestamp=lambda data: request_timestamp(local_tsa.url, data),
        log_seal=log.log_seal,
        software_version="test",
    )
    trust = Trust(
        platform_key_fingerprints={keys.key_fingerprint(key.public_key())},
        log_origin=log.origin,
        log_verifier_key=log.verifier_key,
        tsa_roots=[local_tsa.pki.root_certificate],
    )
    return result, trust


@pytest.fixture
def evidence_settings(tmp_path, monkeypatch, local_tsa):
    """Point the app at this run's TSA, a fresh key and a temporary evidence directory."""
    roots = tmp_path / "tsa-roots.pem"
    roots.write_text(local_tsa.pki.root_pem())
    monkeypatch.setenv("WANGJIAN_TSA_URL", local_tsa.url)
    monkeypatch.setenv("WANGJIAN_TSA_ROOTS", str(roots))
    monkeypatch.setenv("WANGJIAN_EVIDENCE_DIR", str(tmp_path / "evidence"))
    monkeypatch.setenv("WANGJIAN_EVIDENCE_KEY_FILE", str(tmp_path / "key.pem"))
    return tmp_path


def with_certificate(data: bytes, key, tsa_url: str) -> bytes:
    from wangjian.evidence.certificate import render_certificate

    return add_certificate(data, render_certificate(data, key=key, tsa_url=tsa_url))
