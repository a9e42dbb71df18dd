import pytest

from wangjian.core.navigation import items_for
from wangjian.core.tests.browser import chromium_page
from wangjian.core.tests.factories import TEST_PASSWORD


@pytest.mark.browser
def test_a_merchant_opens_every_item_of_its_menu_and_its_home_cards_without_a_refusal(
    live_server, transactional_db, merchant_user
):
    menu = [href for _item, href in items_for(merchant_user)]
    assert "/services/me/" in menu
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", merchant_user.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        # The menu the merchant sees is the one the permission checks allow.
        shown = page.locator("nav.mainnav a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        assert [href for href in shown if href in menu] == menu
        cards = page.locator("[data-testid=card-value] + .card-label a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        assert "辖区市场主体" not in page.locator("main").inner_text()
        for href in dict.fromkeys([*shown, *cards]):
            response = page.goto(f"{live_server.url}{href}")
            assert response.status == 200, href
            assert "Forbidden" not in page.locator("body").inner_text()
