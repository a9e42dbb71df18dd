"""Headless Debian Chromium through Playwright, for the browser tests of every app."""

import contextlib
import os
import shutil
import tempfile

CHROMIUM = os.environ.get("WANGJIAN_CHROMIUM", "/usr/bin/chromium")
# The machine's network is closed: without these flags Chromium keeps trying to reach
# Google's services in the background.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def chromium_page(*, locale: str = "zh-CN", viewport: dict | None = None, **context_options):
    """Yield a Playwright page in a fresh Chromium profile; fail loudly without Chromium.

    ``viewport`` sets the screen (a phone: 375×812); other options (geolocation, permissions)
    go to the browser context, which the page reaches as ``page.context`` (e.g. to go offline).
    """
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        raise RuntimeError(
            f"未找到 Chromium（{CHROMIUM}）：请安装 Debian 软件包 chromium / Chromium not found at "
            f"{CHROMIUM}: install the Debian package chromium (make browser-deps)"
        )
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls
    # happen in another thread, so Django's async-safety guard does not apply here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    profile = tempfile.mkdtemp(prefix="wangjian-chromium-")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(
                locale=locale,
                viewport=viewport or {"width": 1280, "height": 900},
                **context_options,
            )
            try:
                yield context.new_page()
            finally:
                context.close()
                browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
