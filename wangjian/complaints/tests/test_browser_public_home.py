import pytest

from wangjian.complaints.models import Complaint
from wangjian.core.tests.browser import chromium_page


@pytest.mark.browser
def test_a_consumer_reaches_the_form_from_the_sign_in_page_files_and_looks_it_up(
    live_server, transactional_db, world, yangpu_bureau
):
    with chromium_page() as page:
        # Where a person lands without an account: the site's address asks them to sign in.
        page.goto(f"{live_server.url}/")
        assert page.url == f"{live_server.url}/login/?next=/"
        page.click("[data-testid=public-home-link] a")
        assert page.locator("h1").inner_text() == "公众服务"
        districts = page.locator("[data-testid='public-complaints:public-form'] li a")
        assert districts.all_inner_texts() == ["杨浦区"]
        districts.first.click()
        page.select_option("select[name=kind]", "complaint")
        page.fill("input[name=complainant_name]", "周小芸")
        page.fill("input[name=complainant_phone]", "13812349876")
        page.fill("input[name=complainant_address]", "上海市杨浦区邯郸路220号")
        page.fill("input[name=respondent_name]", "甲乙食品旗舰店")
        page.fill("input[name=shop_url]", world["yangpu_shop"].url)
        page.fill("input[name=platform_name]", "好物商城")
        page.select_option("select[name=purchase_channel]", "platform")
        page.fill("input[name=category]", "食品")
        page.fill("textarea[name=facts]", "收到的坚果礼盒已经发霉，商家拒绝退款。")
        page.click("[data-testid=complaint-form] button[type=submit]")
        receipt = page.locator("[data-testid=receipt-number]").inner_text()
        code = page.locator("[data-testid=lookup-code]").inner_text()

        # Later, from the public home again, without remembering any address.
        page.goto(f"{live_server.url}/login/")
        page.click("[data-testid=public-home-link] a")
        page.click("[data-testid='public-complaints:public-lookup'] a")
        page.fill("input[name=receipt_number]", receipt)
        page.fill("input[name=lookup_code]", code)
        page.click("[data-testid=lookup-form] button[type=submit]")
        assert page.locator("[data-testid=lookup-state]").inner_text() == "已登记"
        result = page.locator("[data-testid=lookup-result]").inner_text()
        assert receipt in result
    assert Complaint.objects.get(receipt_number=receipt).division.code == "310110000000"
