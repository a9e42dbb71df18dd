import pytest

from wangjian.core.tests.browser import chromium_page
from wangjian.core.tests.factories import TEST_PASSWORD
from wangjian.registry.models import Licence, LiveRoom, SelfRunSite
from wangjian.registry.tests.factories import make_two_shop_register


@pytest.fixture
def world(divisions):
    return make_two_shop_register(divisions)


@pytest.mark.browser
def test_a_register_keeper_records_a_licence_a_site_and_a_live_room(
    live_server, transactional_db, world, section_chief
):
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/?next=/registry/admin/licences/")
        page.fill("input[name=username]", section_chief.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/registry/admin/licences/")
        page.fill("input[name=uscc]", world["food"].uscc)
        page.fill("input[name=kind]", "酒类商品零售许可证")
        page.fill("input[name=number]", "SH-JL-0001")
        page.fill("input[name=valid_until]", "2027-01-15")
        page.click("form.stack button[type=submit]")
        row = page.locator("[data-testid=licence-admin] tr", has_text="SH-JL-0001")
        assert "即将到期" in row.inner_text()
        page.click("text=SH-JL-0001")
        page.fill("input[name=valid_until]", "2029-01-15")
        page.click("form.stack button[type=submit]")
        assert "修改前后的内容已记入审计日志" in page.locator(".messages").inner_text()

        page.click("text=自建网站/应用")
        page.fill("input[name=uscc]", world["food"].uscc)
        page.select_option("select[name=kind]", "mini_program")
        page.fill("input[name=name]", "甲乙食品小程序")
        page.fill("input[name=url]", "wx-jiayi")
        page.click("form.stack button[type=submit]")
        assert "甲乙食品小程序" in page.locator("[data-testid=site-admin]").inner_text()

        page.click("text=直播间")
        page.fill("input[name=shop_id]", "S-001")
        page.fill("input[name=room_id]", "R-100")
        page.fill("input[name=name]", "甲乙零食直播间")
        page.click("form.stack button[type=submit]")
        assert "甲乙零食直播间" in page.locator("[data-testid=live-room-admin]").inner_text()

    licence = Licence.objects.get(number="SH-JL-0001")
    assert str(licence.valid_until) == "2029-01-15"
    assert SelfRunSite.objects.get(name="甲乙食品小程序").kind == "mini_program"
    assert LiveRoom.objects.get(room_id="R-100").shop == world["yangpu_shop"]
