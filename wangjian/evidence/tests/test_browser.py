import pytest

from wangjian.core.tests.browser import chromium_page
from wangjian.evidence.models import CustodyLogEntry
from wangjian.evidence.tests.factories import make_evidence


@pytest.mark.browser
def test_a_regulator_finds_opens_and_verifies_evidence(
    live_server, transactional_db, evidence_settings, regulator, page_capture
):
    item = make_evidence(regulator, page_capture, case_reference="CASE-UI")
    regulator.set_password("correct horse battery")
    regulator.save(update_fields=["password"])
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/?next=/evidence/")
        page.fill("input[name=username]", regulator.username)
        page.fill("input[name=password]", "correct horse battery")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/evidence/")
        assert page.locator("h1").inner_text() == "电子数据存证"
        page.click(f"text={item.bundle_id}")
        assert page.locator("h1").inner_text() == f"存证 {item.bundle_id}"
        page.click("button:has-text('校验证据包')")
        assert page.locator("p strong").count() == 0
        assert "七个步骤全部通过。" in page.locator("body").inner_text()
    events = list(
        CustodyLogEntry.objects.filter(bundle_id=item.bundle_id)
        .order_by("index")
        .values_list("event_type", flat=True)
    )
    assert events == ["capture", "seal", "access", "verify"]
