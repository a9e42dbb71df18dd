import datetime as dt

import pytest

from wangjian.core.tests.browser import chromium_page
from wangjian.core.tests.factories import TEST_PASSWORD
from wangjian.registry.models import Flag
from wangjian.registry.tests.factories import make_platform_user, make_two_shop_register


@pytest.mark.browser
def test_a_platform_sees_a_flag_on_its_shop_and_reports_the_correction(
    live_server, transactional_db, divisions
):
    world = make_two_shop_register(divisions)
    platform_user = make_platform_user(world["platform"])
    flag = Flag.objects.create(
        kind="name_mismatch",
        division=world["yangpu_shop"].division,
        shop=world["yangpu_shop"],
        detail="店铺经营者名称与登记名称不符",
        raised_on=dt.date(2026, 11, 2),
    )
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/?next=/")
        page.fill("input[name=username]", platform_user.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.click("nav >> text=店铺提示")
        row = page.locator("[data-testid=flag-list] tbody tr", has_text="甲乙食品旗舰店")
        assert "店铺经营者名称与登记名称不符" in row.inner_text()
        assert "待处理" in row.inner_text()
        row.locator(f"text=#{flag.pk}").click()
        page.fill("textarea[name=note]", "已按营业执照更正经营者名称")
        page.click("[data-testid=flag-correction-form] button[type=submit]")
        assert "已提交更正说明，待监管部门确认。" in page.locator(".messages").inner_text()
        assert page.locator("[data-testid=flag-state]").inner_text() == "平台已更正，待确认"
    flag.refresh_from_db()
    assert flag.state == "corrected"
