"""The outbound fetch policy, against real sockets on loopback (no network)."""

import http.server
import socket
import threading
import time

import pytest

from wangjian.core.netpolicy import FetchPolicy, FetchRefused, address_refusal, check_url, fetch


class _Site(http.server.BaseHTTPRequestHandler):
    hits: list[tuple[str, str]]
    redirect_to = ""

    def do_GET(self):
        self.server.hits.append((self.path, self.headers.get("Host", "")))
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", self.server.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/big":
            body = b"x" * (3 * 1024 * 1024)
        elif self.path == "/slow":
            time.sleep(1.5)
            body = b"late"
        else:
            body = "内部页面 secret".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _serve(host: str):
    server = http.server.ThreadingHTTPServer((host, 0), _Site)
    server.hits = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def site():
    server = _serve("127.0.0.1")
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def internal():
    """Another loopback address, standing for an intranet service nobody allowed."""
    server = _serve("127.0.0.2")
    yield server
    server.shutdown()
    server.server_close()


def _allowing(*servers, **options) -> FetchPolicy:
    return FetchPolicy(
        allowed_networks=("127.0.0.1/32",),
        extra_ports=frozenset(s.server_address[1] for s in servers),
        **options,
    )


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback address"),
        ("::1", "loopback address"),
        ("10.1.2.3", "private address"),
        ("172.16.0.1", "private address"),
        ("192.168.1.1", "private address"),
        ("169.254.169.254", "cloud metadata address"),
        ("fd00:ec2::254", "cloud metadata address"),
        ("169.254.1.1", "link-local address"),
        ("fe80::1", "link-local address"),
        ("100.64.0.1", "carrier-grade NAT address"),
        ("224.0.0.1", "multicast address"),
        ("ff02::1", "multicast address"),
        ("0.0.0.0", "unspecified address"),
        ("240.0.0.1", "reserved address"),
        ("fd12:3456::1", "ULA"),
        ("::ffff:127.0.0.1", "IPv6 address embedding IPv4"),
        ("::ffff:8.8.8.8", "IPv6 address embedding IPv4"),
    ],
)
def test_the_production_policy_refuses_internal_addresses(address, reason):
    assert address_refusal(address, FetchPolicy()).split(" / ")[1] == reason


def test_public_addresses_pass_and_an_allow_list_never_opens_metadata():
    assert address_refusal("8.8.8.8", FetchPolicy()) == ""
    assert address_refusal("2400:3200::1", FetchPolicy()) == ""
    intranet = FetchPolicy(allowed_networks=("10.0.0.0/8", "169.254.0.0/16"))
    assert address_refusal("10.1.2.3", intranet) == ""
    metadata = address_refusal("169.254.169.254", intranet)
    assert metadata == "云平台元数据地址 / cloud metadata address"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1/", "127.0.0.1 resolves to 127.0.0.1 (loopback address)"),
        ("http://localhost/", "(loopback address): refused by policy"),
        ("http://169.254.169.254/latest/meta-data/", "(cloud metadata address)"),
        ("http://10.0.0.8/admin", "10.0.0.8 resolves to 10.0.0.8 (private address)"),
        ("http://[::ffff:127.0.0.1]/", "(IPv6 address embedding IPv4)"),
        ("http://example.com:22/", "port 22 is not allowed"),
        ("ftp://example.com/", "not an http(s) address"),
        ("file:///etc/passwd", "not an http(s) address"),
        ("http://user:pw@example.com/", "URL carries credentials"),
    ],
)
def test_a_url_to_a_forbidden_place_is_refused_before_any_connection(url, message):
    with pytest.raises(FetchRefused) as refused:
        check_url(url, FetchPolicy())
    assert message in str(refused.value)


def test_the_production_policy_does_not_fetch_from_a_loopback_server(site):
    url = f"http://127.0.0.1:{site.server_address[1]}/page"
    with pytest.raises(FetchRefused, match="port"):
        fetch(url, FetchPolicy())
    with pytest.raises(FetchRefused, match="loopback"):
        fetch(url, FetchPolicy(extra_ports=frozenset({site.server_address[1]})))
    assert site.hits == []
    assert fetch(url, _allowing(site)).body == "内部页面 secret".encode()


@pytest.mark.parametrize(
    "destination",
    ["internal", "http://169.254.169.254/latest/meta-data/", "http://10.20.30.40/"],
)
def test_a_redirect_to_a_forbidden_address_is_refused(site, internal, destination):
    if destination == "internal":
        destination = f"http://127.0.0.2:{internal.server_address[1]}/"
    site.redirect_to = destination
    with pytest.raises(FetchRefused, match="refused by policy"):
        fetch(f"http://127.0.0.1:{site.server_address[1]}/redirect", _allowing(site, internal))
    assert [path for path, _host in site.hits] == ["/redirect"]
    assert internal.hits == []


def test_an_allowed_redirect_is_followed_and_each_hop_recorded(site):
    base = f"http://127.0.0.1:{site.server_address[1]}"
    site.redirect_to = "/landing"
    result = fetch(f"{base}/redirect", _allowing(site))
    assert (result.url, result.status, result.address) == (f"{base}/landing", 200, "127.0.0.1")
    assert result.hops == [f"{base}/redirect", f"{base}/landing"]


def test_the_connection_goes_to_the_address_that_was_checked(site, monkeypatch):
    """DNS rebinding: the name is resolved once per hop; a second, different answer is never
    used, and the request keeps the name in its Host header."""
    port = site.server_address[1]
    answers = iter(["127.0.0.1", "10.9.9.9", "10.9.9.9"])
    resolved = []
    real_getaddrinfo = socket.getaddrinfo

    def rebinding_resolver(host, port_, *args, **kwargs):
        if host != "shop.example.test":
            return real_getaddrinfo(host, port_, *args, **kwargs)
        address = next(answers)
        resolved.append((host, address))
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port_))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_resolver)
    result = fetch(f"http://shop.example.test:{port}/page", _allowing(site))
    assert result.body == "内部页面 secret".encode()
    assert resolved == [("shop.example.test", "127.0.0.1")]
    assert site.hits == [("/page", f"shop.example.test:{port}")]


def test_size_and_time_are_capped(site):
    base = f"http://127.0.0.1:{site.server_address[1]}"
    with pytest.raises(FetchRefused, match="page larger than 2097152 bytes"):
        fetch(f"{base}/big", _allowing(site))
    with pytest.raises(FetchRefused, match=r"not done in 0\.5 s"):
        fetch(f"{base}/slow", _allowing(site, timeout_seconds=0.5))
