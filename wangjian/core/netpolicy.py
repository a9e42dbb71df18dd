"""The outbound fetch policy: which addresses wangjian may fetch from on someone else's say-so.

Shop URLs come from platforms and evidence URLs from staff, so a fetch must not reach this
host, the intranet or a cloud metadata service (server-side request forgery). Every fetch goes
through here: only http and https on allowed ports; every name is resolved and every address it
resolves to is checked; the connection goes to the address that was checked (a second DNS answer
cannot swap it — "DNS rebinding"), keeping the Host header and TLS server name; redirects are
followed by hand, each hop checked again; the body and the time are capped.

Evidence capture runs in Chromium, which does its own networking; ``PolicyProxy`` is a local
proxy that Chromium is told to use for every request (loopback included), and that applies the
same checks to each request, redirect and subresource before it connects.

This module does not import Django (the evidence bundle library uses it on its own);
``policy_from_settings`` reads the deployment's settings when Django is there. See
docs/security-imports-and-fetching.md.
"""

import http.client
import ipaddress
import select
import socket
import socketserver
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = frozenset({80, 443})
# Never fetched, whatever an allow-list says: the cloud instance metadata services (AWS, GCP,
# Azure, Alibaba Cloud use 169.254.169.254; AWS's IPv6 endpoint is fd00:ec2::254; Alibaba Cloud
# also answers on 100.100.100.200).
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
CGNAT = ipaddress.ip_network("100.64.0.0/10")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "wangjian-fetch/1.0 (online market supervision)"


class FetchRefused(ValueError):
    """The policy refuses this URL or address; the message says which rule, in both languages."""


class Unresolvable(FetchRefused):
    """The host name does not resolve (now): nothing can be fetched, but nothing was judged."""


@dataclass(frozen=True)
class FetchPolicy:
    """What may be fetched. The defaults are the production policy; tests and intranet targets
    add explicit ``allowed_networks`` (and ports), never a switch that turns the checks off."""

    extra_ports: frozenset[int] = frozenset()
    allowed_networks: tuple = ()  # ip_network objects or strings, e.g. a bureau's intranet
    max_bytes: int = 2 * 1024 * 1024
    timeout_seconds: float = 10.0
    max_redirects: int = 5

    def __post_init__(self):
        networks = tuple(ipaddress.ip_network(n, strict=False) for n in self.allowed_networks)
        object.__setattr__(self, "allowed_networks", networks)
        object.__setattr__(self, "extra_ports", frozenset(int(p) for p in self.extra_ports))

    @property
    def ports(self) -> frozenset[int]:
        return DEFAULT_PORTS | self.extra_ports


def address_refusal(address: str, policy: FetchPolicy) -> str:
    """Why ``address`` may not be fetched from ("" when it may)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip in METADATA_ADDRESSES:
        return "云平台元数据地址 / cloud metadata address"
    if ip.version == 6 and (ip.ipv4_mapped or ip.sixtofour or ip.teredo):
        return "内嵌 IPv4 的 IPv6 地址 / IPv6 address embedding IPv4"
    if any(ip in network for network in policy.allowed_networks):
        return ""
    for test, label in (
        (ip.is_unspecified, "未指定地址 / unspecified address"),
        (ip.is_loopback, "本机回环地址 / loopback address"),
        (ip.is_link_local, "链路本地地址 / link-local address"),
        (ip.is_multicast, "组播地址 / multicast address"),
        (ip.version == 4 and ip in CGNAT, "运营商级 NAT 地址 / carrier-grade NAT address"),
        (ip.version == 6 and ip in ipaddress.ip_network("fc00::/7"), "IPv6 唯一本地地址 / ULA"),
        (ip.is_reserved, "保留地址 / reserved address"),
        (ip.is_private, "内网地址 / private address"),
        (not ip.is_global, "非公网地址 / non-global address"),
    ):
        if test:
            return label
    return ""


@dataclass(frozen=True)
class Target:
    """A URL that passed the policy, with the address to connect to."""

    url: str
    scheme: str
    host: str
    port: int
    address: str
    path: str


def check_url(url: str, policy: FetchPolicy) -> Target:
    """Resolve ``url``'s host and check scheme, port and every address; raise FetchRefused."""
    try:
        parts = urlsplit(url or "")
        port = parts.port
    except ValueError as error:
        raise FetchRefused(f"网址无效 / invalid URL: {url!r}") from error
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES or not parts.hostname:
        raise FetchRefused(f"网址不是 http(s) 地址 / not an http(s) address: {url!r}")
    if parts.username or parts.password:
        raise FetchRefused(f"网址不得包含用户名或密码 / URL carries credentials: {url!r}")
    port = port or (443 if scheme == "https" else 80)
    return Target(
        url=url,
        scheme=scheme,
        host=parts.hostname,
        port=port,
        address=check_host(parts.hostname, port, policy),
        path=(parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
    )


def check_host(host: str, port: int, policy: FetchPolicy) -> str:
    """The checked address to connect to for ``host:port``; raise FetchRefused."""
    if port not in policy.ports:
        raise FetchRefused(
            f"端口 {port} 不在允许范围（{sorted(policy.ports)}）/ port {port} is not allowed"
        )
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise Unresolvable(f"无法解析主机 {host} / cannot resolve {host}: {error}") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise Unresolvable(f"无法解析主机 {host} / cannot resolve {host}")
    # Every address must pass: a name that also resolves to an internal address is refused, so
    # that the choice among its answers cannot be steered.
    for address in addresses:
        reason = address_refusal(address, policy)
        if reason:
            raise FetchRefused(
                f"主机 {host} 解析为 {address}（{reason}），按抓取策略拒绝 / "
                f"{host} resolves to {address} ({reason.split(' / ')[-1]}): refused by policy"
            )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


@dataclass
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    address: str  # the address connected to for the final URL
    charset: str | None = None
    hops: list[str] = field(default_factory=list)


def fetch(url: str, policy: FetchPolicy | None = None, *, user_agent: str = USER_AGENT):
    """GET ``url`` under ``policy``; raise FetchRefused for what the policy forbids, a page too
    large or too slow, or an unreachable host (OSError and http.client errors become reasons)."""
    policy = policy or FetchPolicy()
    deadline = time.monotonic() + policy.timeout_seconds
    hops: list[str] = []
    current = url
    for _ in range(policy.max_redirects + 1):
        target = check_url(current, policy)
        hops.append(current)
        result = _get_once(target, policy, deadline, user_agent)
        if result.status in REDIRECT_STATUSES:
            location = {k.lower(): v for k, v in result.headers}.get("location")
            if location:
                current = urljoin(current, location)
                continue
        result.hops = hops
        return result
    raise FetchRefused(
        f"重定向超过 {policy.max_redirects} 次 / more than {policy.max_redirects} redirects"
    )


def _get_once(target: Target, policy: FetchPolicy, deadline: float, user_agent: str):
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchRefused(_too_slow(policy))
    factory = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = factory(target, timeout=min(remaining, policy.timeout_seconds))
    try:
        connection.request(
            "GET", target.path, headers={"User-Agent": user_agent, "Accept-Encoding": "identity"}
        )
        response = connection.getresponse()
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > policy.max_bytes:
            raise FetchRefused(_too_large(policy))
        chunks, size = [], 0
        while True:
            if time.monotonic() > deadline:
                raise FetchRefused(_too_slow(policy))
            chunk = response.read(64 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > policy.max_bytes:
                raise FetchRefused(_too_large(policy))
            chunks.append(chunk)
        return FetchResult(
            url=target.url,
            status=response.status,
            reason=response.reason,
            headers=response.getheaders(),
            body=b"".join(chunks),
            address=target.address,
            charset=response.msg.get_content_charset(),
        )
    except (OSError, http.client.HTTPException) as error:
        if isinstance(error, TimeoutError | socket.timeout):
            raise FetchRefused(_too_slow(policy)) from error
        raise FetchRefused(str(getattr(error, "reason", error)) or type(error).__name__) from error
    finally:
        connection.close()


def _too_large(policy: FetchPolicy) -> str:
    return f"页面超过 {policy.max_bytes // 1024} KB / page larger than {policy.max_bytes} bytes"


def _too_slow(policy: FetchPolicy) -> str:
    return f"超过 {policy.timeout_seconds:g} 秒未完成 / not done in {policy.timeout_seconds:g} s"


def policy_from_settings(division=None) -> FetchPolicy:
    """The deployment's policy (settings ``FETCH_*``), with the intranet networks allowed to the
    bureau of ``division`` (``FETCH_BUREAU_NETWORKS``: division code → networks) added."""
    from django.conf import settings

    from wangjian.core.divisions import normalise_division_code

    networks = list(getattr(settings, "FETCH_ALLOWED_NETWORKS", []))
    # Keys may be written as 6-, 9- or 12-digit codes; divisions store the 12-digit form.
    bureau_networks = {
        normalise_division_code(code): listed
        for code, listed in getattr(settings, "FETCH_BUREAU_NETWORKS", {}).items()
    }
    node = division
    while node is not None:
        networks.extend(bureau_networks.get(node.code, []))
        node = node.parent
    return FetchPolicy(
        extra_ports=frozenset(getattr(settings, "FETCH_ALLOWED_PORTS", [])),
        allowed_networks=tuple(networks),
        max_bytes=getattr(settings, "FETCH_MAX_BYTES", 2 * 1024 * 1024),
        timeout_seconds=getattr(settings, "FETCH_TIMEOUT_SECONDS", 10.0),
        max_redirects=getattr(settings, "FETCH_MAX_REDIRECTS", 5),
    )


# --- The proxy that Chromium uses during evidence capture ---------------------------------------


class _ProxyHandler(socketserver.StreamRequestHandler):
    timeout = 30

    def handle(self):
        proxy: PolicyProxy = self.server.proxy  # type: ignore[attr-defined]
        try:
            request_line = self.rfile.readline(8192).decode("latin-1").strip()
            headers = []
            while True:
                line = self.rfile.readline(8192)
                if line in (b"\r\n", b"\n", b""):
                    break
                headers.append(line)
                if len(headers) > 200:
                    return
            method, target, version = request_line.split(" ", 2)
        except (OSError, ValueError):
            return
        if method.upper() == "CONNECT":
            host, _, port = target.rpartition(":")
            self._tunnel(proxy, host.strip("[]"), int(port) if port.isdigit() else 0, target)
        else:
            self._forward(proxy, method, target, version, headers)

    def _refuse(self, proxy, url: str, host: str, port: int, reason: str) -> None:
        proxy.refusals.append({"url": url, "host": host, "port": port, "reason": reason})
        body = f"按抓取策略拒绝 / refused by the fetch policy: {reason}\n".encode()
        self.wfile.write(
            b"HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )

    def _tunnel(self, proxy, host: str, port: int, label: str) -> None:
        try:
            address = check_host(host, port, proxy.policy)
            upstream = socket.create_connection((address, port), proxy.policy.timeout_seconds)
        except FetchRefused as error:
            self._refuse(proxy, f"https://{label}", host, port, str(error))
            return
        except OSError:
            self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n")
            return
        proxy.connections.append({"host": host, "port": port, "address": address})
        self.wfile.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        self._relay(proxy, upstream)

    def _forward(self, proxy, method, url, version, headers) -> None:
        try:
            target = check_url(url, proxy.policy)
            if target.scheme != "http":
                raise FetchRefused(f"代理只转发 http / only http is forwarded: {url!r}")
            upstream = socket.create_connection(
                (target.address, target.port), proxy.policy.timeout_seconds
            )
        except FetchRefused as error:
            try:
                parts = urlsplit(url)
                host, port = parts.hostname or "", parts.port or 80
            except ValueError:
                host, port = "", 0
            self._refuse(proxy, url, host, port, str(error))
            return
        except OSError:
            self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n")
            return
        proxy.connections.append(
            {"host": target.host, "port": target.port, "address": target.address}
        )
        kept = [
            h
            for h in headers
            if not h.lower().startswith((b"proxy-", b"connection:", b"keep-alive:"))
        ]
        head = f"{method} {target.path} {version}\r\n".encode("latin-1")
        upstream.sendall(head + b"".join(kept) + b"Connection: close\r\n\r\n")
        length = next(
            (int(h.split(b":", 1)[1]) for h in headers if h.lower().startswith(b"content-length:")),
            0,
        )
        if 0 < length <= proxy.policy.max_bytes:
            upstream.sendall(self.rfile.read(length))
        self._relay(proxy, upstream, half=True)

    def _relay(self, proxy, upstream, half: bool = False) -> None:
        """Copy bytes both ways until one side closes, the time runs out or too much came in."""
        deadline = time.monotonic() + proxy.capture_seconds
        received = 0
        client = self.connection
        sockets = [upstream] if half else [client, upstream]
        try:
            while time.monotonic() < deadline:
                readable, _, _ = select.select(sockets, [], [], 1.0)
                for sock in readable:
                    data = sock.recv(64 * 1024)
                    if not data:
                        return
                    if sock is upstream:
                        received += len(data)
                        if received > proxy.max_total_bytes:
                            return
                        client.sendall(data)
                    else:
                        upstream.sendall(data)
        except OSError:
            return
        finally:
            upstream.close()


class _ProxyServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class PolicyProxy:
    """A loopback HTTP proxy applying ``policy`` to every request a browser makes through it.

    ``connections`` lists each (host, port, address) connected to; ``refusals`` what was refused.
    """

    def __init__(self, policy: FetchPolicy, *, capture_seconds: float = 120.0):
        self.policy = policy
        self.capture_seconds = capture_seconds
        self.max_total_bytes = 50 * policy.max_bytes  # a page with its subresources
        self.connections: list[dict] = []
        self.refusals: list[dict] = []
        self._server = _ProxyServer(("127.0.0.1", 0), _ProxyHandler)
        self._server.proxy = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def address_for(self, url: str) -> str:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        for connection in reversed(self.connections):
            if connection["host"] == parts.hostname and connection["port"] == port:
                return connection["address"]
        return ""

    def __enter__(self) -> "PolicyProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def pinned_tls_certificate(url: str, policy: FetchPolicy, timeout: float = 10.0) -> bytes:
    """The DER leaf certificate of an https ``url``'s server, connecting to the checked address."""
    target = check_url(url, policy)
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection((target.address, target.port), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname=target.host) as tls,
    ):
        return tls.getpeercert(binary_form=True)
