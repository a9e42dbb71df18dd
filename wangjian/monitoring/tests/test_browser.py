import pytest
from django.utils import timezone

from wangjian.core.tests.browser import chromium_page
from wangjian.core.tests.factories import TEST_PASSWORD
from wangjian.core.working_days import add_working_days
from wangjian.monitoring.models import Clue, Finding


def open_rows(user) -> int:
    open_findings = Finding.objects.visible_to(user).for_triage()
    return len(set(open_findings.values_list("item_id", "family")))


@pytest.mark.browser
def test_a_regulator_triages_the_queue_into_a_clue(live_server, transactional_db, batch, regulator):
    national = Finding.objects.get(item__external_id="L-1", rule="AT-003")
    unknown_shop = Finding.objects.filter(item__external_id="L-4").order_by("rule").first()
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/?next=/monitoring/")
        page.fill("input[name=username]", regulator.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/monitoring/")
        # One row per record and rule family.
        assert page.locator("[data-testid=finding-row]").count() == open_rows(regulator) == 4

        # Another finding is dismissed with a reason from the list.
        page.click(f"[data-finding='{unknown_shop.pk}'] [data-testid=finding-link]")
        page.select_option("[data-testid=dismiss-form] select[name=reason]", "outdated")
        page.fill("[data-testid=dismiss-form] textarea[name=note]", "该商品信息已下架")
        page.click("[data-testid=dismiss]")
        page.wait_for_url(f"{live_server.url}/monitoring/")
        assert page.locator("[data-testid=finding-row]").count() == open_rows(regulator)
        assert page.locator(f"[data-finding='{unknown_shop.pk}']").count() == 0

        # The finding is read in its text with the match marked, then confirmed into a clue.
        page.click(f"[data-finding='{national.pk}'] [data-testid=finding-link]")
        assert page.locator("[data-testid=match]").inner_text() == "国家级"
        assert page.locator("[data-testid=item-text]").inner_text().startswith("国家级品质")
        page.fill("[data-testid=confirm-form] textarea[name=note]", "商品页截图已留存")
        page.click("[data-testid=confirm]")
        page.wait_for_url(f"{live_server.url}/monitoring/clues/*/")
        due_on = page.locator("[data-testid=due-on]").inner_text()
        number = page.locator("[data-testid=clue-number]").inner_text()

    clue = Clue.objects.get()
    assert (clue.number, clue.due_on.isoformat()) == (number, due_on)
    assert clue.due_on == add_working_days(timezone.localdate(), 15)
    assert list(clue.findings.values_list("pk", flat=True)) == [national.pk]
    unknown_shop.refresh_from_db()
    assert (unknown_shop.state, unknown_shop.dismissal_reason, unknown_shop.triage_note) == (
        "dismissed",
        "outdated",
        "该商品信息已下架",
    )
