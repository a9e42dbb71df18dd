import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from wangjian.core.tests.browser import chromium_page
from wangjian.platforms.models import PlatformActionRequest
from wangjian.platforms.tests.test_action_requests import PNG
from wangjian.platforms.tests.test_browser import sign_in

ISSUE_DAY = dt.datetime(2026, 9, 29, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.browser
def test_a_regulator_asks_for_a_takedown_and_the_platform_replies(
    live_server, transactional_db, platform, platform_user, regulator
):
    platform_url = f"/platforms/{platform.pk}/"
    with time_machine.travel(ISSUE_DAY, tick=True):
        with chromium_page() as page:
            sign_in(page, live_server, regulator, platform_url)
            page.click("text=要求平台处置")
            form = page.locator("[data-testid=request-action-form]")
            form.locator("select[name=kind]").select_option("takedown")
            form.locator("input[name=subject]").fill("某品牌奶粉 链接 item/1")
            form.locator("textarea[name=reason]").fill("宣称治疗功效")
            form.locator("button[type=submit]").click()
            assert "处置期限 2026-10-09（3 个工作日）" in page.locator(".messages").inner_text()
            assert page.locator("[data-testid=state]").inner_text() == "待平台处置"

        request = PlatformActionRequest.objects.get()
        with chromium_page() as page:
            sign_in(page, live_server, platform_user, platform_url)
            table = page.locator("[data-testid=platform-action-requests]")
            assert "某品牌奶粉 链接 item/1" in table.inner_text()
            table.locator(f"a[href='/platforms/action-requests/{request.pk}/']").click()
            assert page.locator("[data-testid=due]").inner_text() == "2026-10-09"
            form = page.locator("[data-testid=reply-form]")
            form.locator("select[name=reply]").select_option("taken_down")
            form.locator("textarea[name=note]").fill("已于当日下架")
            form.locator("input[name=attachments]").set_input_files(
                {"name": "下架截图.png", "mimeType": "image/png", "buffer": PNG}
            )
            form.locator("button[type=submit]").click()
            assert "已答复处置要求" in page.locator(".messages").inner_text()
            reply = page.locator("[data-testid=reply]").inner_text()
            assert "已下架" in reply
            assert "下架截图.png" in reply
    request.refresh_from_db()
    assert (request.state, request.reply, request.reply_note) == (
        "answered",
        "taken_down",
        "已于当日下架",
    )
