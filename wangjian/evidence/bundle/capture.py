"""Capturing a web page in a fresh Chromium profile (evidence-design.md §3, §4.1).

Debian's Chromium is driven through Playwright's ``executable_path`` (Playwright's own browser
download is never used). The raw responses, a full-page screenshot, MHTML, the DOM, a print PDF
and screencast frames of the process (录像) are collected, with the environment and the target
recorded for the 电子数据提取笔录.

Chromium reaches the network only through a loopback ``PolicyProxy`` applying the outbound fetch
policy (``wangjian.core.netpolicy``) to the entered URL, every redirect and every subresource:
evidence capture cannot be pointed at this host, the intranet or a metadata service.
"""

import base64
import json
import os
import platform
import shutil
import socket
import ssl
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urldefrag, urlsplit

from wangjian.core.netpolicy import (
    FetchPolicy,
    FetchRefused,
    PolicyProxy,
    check_url,
    pinned_tls_certificate,
)
from wangjian.evidence.bundle.hashing import sha256_hex
from wangjian.evidence.bundle.wacz import Capture, CapturedResponse

CHROMIUM = os.environ.get("WANGJIAN_CHROMIUM", "/usr/bin/chromium")
# evidence-design.md §3: a clean profile that does not talk to anything but the target.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
]
VIEWPORT = {"width": 1280, "height": 900}
SHANGHAI = timezone(timedelta(hours=8))
STEP_ACTIONS = frozenset({"goto", "click", "fill", "scroll", "wait"})


class CaptureError(RuntimeError):
    pass


@dataclass
class CaptureRequest:
    url: str
    steps: list[dict] = field(default_factory=list)
    case: dict = field(default_factory=dict)  # {"reference", "reason"}
    actors: list[dict] = field(default_factory=list)  # [{"role": "collector"|"witness", ...}]
    live_duration_seconds: float = 0.0  # > 0: periodic screenshots of a live page
    live_interval_seconds: float = 5.0
    software_version: str = ""
    timeout_ms: int = 30000
    # The outbound policy; None is the production policy (no internal addresses at all).
    policy: FetchPolicy | None = None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def validate_steps(steps: list[dict]) -> list[dict]:
    """Refuse steps we would not record faithfully, naming the step and the rule."""
    for number, step in enumerate(steps, start=1):
        action = step.get("action")
        if action not in STEP_ACTIONS:
            raise CaptureError(
                f"第 {number} 步的 action {action!r} 不受支持（允许 {sorted(STEP_ACTIONS)}）/ "
                f"step {number}: unsupported action {action!r}"
            )
        if action in {"click", "fill"} and not step.get("selector"):
            raise CaptureError(
                f"第 {number} 步缺少 selector / step {number}: {action} needs a selector"
            )
    return steps


def tls_certificate(url: str, policy: FetchPolicy, timeout: float = 10.0) -> dict:
    """The server's leaf certificate (DER SHA-256 fingerprint and PEM) for https targets."""
    if urlsplit(url).scheme != "https":
        return {}
    der = pinned_tls_certificate(url, policy, timeout)
    return {
        "sha256_fingerprint": sha256_hex(der),
        "pem": ssl.DER_cert_to_PEM_cert(der),
        "protocol": "TLS",
    }


def resolve(url: str) -> list[str]:
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except OSError:
        return []
    return sorted({info[4][0] for info in infos})


def egress_address(url: str) -> str:
    """The local address the OS picks for the target (the 出口地址 as seen from this host)."""
    parts = urlsplit(url)
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect((parts.hostname or "127.0.0.1", parts.port or 80))
            return probe.getsockname()[0]
    except OSError:
        return ""


def capture_page(request: CaptureRequest) -> Capture:
    """Capture ``request.url``; raise CaptureError with a bilingual reason on failure."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    if urlsplit(request.url).scheme not in {"http", "https"}:
        raise CaptureError(
            f"网址必须以 http:// 或 https:// 开头 / URL must be http(s): {request.url!r}"
        )
    if not os.path.exists(CHROMIUM):
        raise CaptureError(
            f"未找到 Chromium（{CHROMIUM}）：请安装 Debian 软件包 chromium / Chromium not found"
        )
    validate_steps(request.steps)
    policy = request.policy or FetchPolicy()
    try:
        check_url(request.url, policy)
        for step in request.steps:
            if step.get("action") == "goto":
                check_url(step.get("url", ""), policy)
    except FetchRefused as error:
        raise CaptureError(f"采集被抓取策略拒绝 / capture refused: {error}") from error
    proxy = PolicyProxy(policy, capture_seconds=request.timeout_ms / 1000 * 4 + 60)
    profile = tempfile.mkdtemp(prefix="wangjian-evidence-")
    responses: list[CapturedResponse] = []
    frames: list[tuple[float, bytes]] = []
    files: dict[str, bytes] = {}
    steps_done: list[dict] = []
    started = datetime.now(UTC)
    monotonic_start = time.monotonic()
    try:
        with proxy, sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                # Every request, loopback included, goes through the policy proxy.
                args=[
                    *CHROMIUM_ARGS,
                    f"--proxy-server={proxy.url}",
                    "--proxy-bypass-list=<-loopback>",
                ],
                viewport=VIEWPORT,
                locale="zh-CN",
                timezone_id="Asia/Shanghai",
                ignore_https_errors=True,
            )
            try:
                browser_version = context.browser.version if context.browser else ""
                page = context.pages[0] if context.pages else context.new_page()
                user_agent = page.evaluate("navigator.userAgent")

                def on_response(response) -> None:
                    try:
                        body = response.body()
                    except PlaywrightError:
                        body = b""  # redirects and aborted loads have no body
                    server = response.server_addr() or {}
                    responses.append(
                        CapturedResponse(
                            url=response.url,
                            status=response.status,
                            reason=response.status_text,
                            headers=[(h["name"], h["value"]) for h in response.headers_array()],
                            body=body,
                            fetched_at=_iso(datetime.now(UTC)),
                            server_ip=proxy.address_for(response.url)
                            or server.get("ipAddress", ""),
                        )
                    )

                page.on("response", on_response)
                cdp = context.new_cdp_session(page)

                def on_frame(event) -> None:
                    frames.append(
                        (time.monotonic() - monotonic_start, base64.b64decode(event["data"]))
                    )
                    cdp.send("Page.screencastFrameAck", {"sessionId": event["sessionId"]})

                cdp.on("Page.screencastFrame", on_frame)
                cdp.send(
                    "Page.startScreencast", {"format": "jpeg", "quality": 70, "everyNthFrame": 1}
                )
                main = page.goto(request.url, wait_until="load", timeout=request.timeout_ms)
                steps_done.append(
                    {
                        "action": "goto",
                        "url": request.url,
                        "at": _iso(datetime.now(UTC)),
                        "status": main.status if main else None,
                    }
                )
                for step in request.steps:
                    _run_step(page, step, request.timeout_ms)
                    steps_done.append({**step, "at": _iso(datetime.now(UTC))})
                page.wait_for_load_state("networkidle", timeout=request.timeout_ms)
                if request.live_duration_seconds > 0:
                    _live_screenshots(page, request, files)
                files["evidence/screenshot.png"] = page.screenshot(full_page=True)
                files["evidence/page.mhtml"] = cdp.send(
                    "Page.captureSnapshot", {"format": "mhtml"}
                )["data"].encode()
                files["evidence/dom.html"] = page.content().encode()
                files["evidence/page.pdf"] = page.pdf(print_background=True)
                title = page.title()
                final_url = page.url
                cdp.send("Page.stopScreencast")
            finally:
                context.close()
    except PlaywrightError as error:
        raise CaptureError(f"采集失败 / capture failed: {request.url}: {error}") from error
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    final_parts = urlsplit(final_url)
    final_port = final_parts.port or (443 if final_parts.scheme == "https" else 80)
    for refusal in proxy.refusals:
        if (refusal["host"], refusal["port"]) == (final_parts.hostname, final_port):
            raise CaptureError(f"采集被抓取策略拒绝 / capture refused: {refusal['reason']}")
    try:
        tls = tls_certificate(final_url, policy)
    except (FetchRefused, OSError) as error:
        raise CaptureError(
            f"无法读取服务器证书 / server certificate unreadable: {error}"
        ) from error
    ended = datetime.now(UTC)
    for number, (_offset, jpeg) in enumerate(frames, start=1):
        files[f"evidence/screencast-{number:04d}.jpg"] = jpeg
    main_response = next((r for r in responses if r.url == urldefrag(final_url).url), None)
    record = {
        "format": "wangjian-evidence-capture/1",
        "case": request.case,
        "actors": request.actors,
        "target": {
            "url_entered": request.url,
            "final_url": final_url,
            "title": title,
            "resolved_ips": resolve(final_url),
            "server_ip": main_response.server_ip if main_response else "",
            "http_status": main_response.status if main_response else None,
            "tls": tls,
            # Requests the outbound policy refused (a redirect or subresource to an internal
            # address); the page is recorded as the browser showed it.
            "refused_requests": proxy.refusals,
        },
        # Not "steps": Frictionless reads a top-level "steps" key in a JSON resource as a
        # pipeline, and `wacz validate` then rejects the package.
        "navigation_steps": steps_done,
        "time": {
            "started_utc": _iso(started),
            "ended_utc": _iso(ended),
            "started_shanghai": started.astimezone(SHANGHAI).isoformat(),
            "ended_shanghai": ended.astimezone(SHANGHAI).isoformat(),
            "clock_source": "system clock",
            "clock_offset_seconds": None,  # no NTP reachable from here; stated, not guessed
        },
        "environment": {
            "software": "wangjian",
            "software_version": request.software_version,
            "browser": "Chromium (Debian) via Playwright",
            "browser_version": browser_version,
            "browser_flags": CHROMIUM_ARGS,
            "viewport": VIEWPORT,
            "user_agent": user_agent,
            "egress_address": egress_address(final_url),
            "os": platform.platform(),
            "python": platform.python_version(),
            "preflight": {
                "fresh_profile": True,
                "extensions": "none (--disable-extensions)",
                "cache": "empty (new user-data-dir)",
            },
        },
        "screencast": {
            "frames": len(frames),
            "offsets_seconds": [round(offset, 3) for offset, _ in frames],
        },
        "live": {
            "duration_seconds": request.live_duration_seconds,
            "interval_seconds": request.live_interval_seconds,
        },
    }
    pages = [{"url": final_url, "ts": _iso(started), "title": title}]
    return Capture(record=record, files=files, responses=responses, pages=pages)


def _run_step(page, step: dict, timeout_ms: int) -> None:
    action = step["action"]
    if action == "goto":
        page.goto(step["url"], wait_until="load", timeout=timeout_ms)
    elif action == "click":
        page.click(step["selector"], timeout=timeout_ms)
    elif action == "fill":
        page.fill(step["selector"], step.get("value", ""), timeout=timeout_ms)
    elif action == "scroll":
        page.mouse.wheel(0, int(step.get("pixels", 900)))
    elif action == "wait":
        page.wait_for_timeout(int(float(step.get("seconds", 1)) * 1000))


def _live_screenshots(page, request: CaptureRequest, files: dict[str, bytes]) -> None:
    """直播: screenshots every interval over the set duration, each named by its offset."""
    count = max(1, int(request.live_duration_seconds // request.live_interval_seconds))
    for number in range(1, count + 1):
        page.wait_for_timeout(int(request.live_interval_seconds * 1000))
        files[f"evidence/live-{number:04d}.png"] = page.screenshot()


def load_steps(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return validate_steps(json.load(handle))
