import pytest

from wangjian.core.tests.browser import chromium_page
from wangjian.core.tests.factories import TEST_PASSWORD
from wangjian.monitoring.models import Clue, Finding


@pytest.mark.browser
def test_a_regulator_confirms_a_finding_records_the_check_and_submits_the_clue(
    live_server, transactional_db, batch, regulator, tmp_path
):
    national = Finding.objects.get(item__external_id="L-1", rule="AT-003")
    screenshot = tmp_path / "商品页截图.png"
    screenshot.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/?next=/monitoring/findings/{national.pk}/")
        page.fill("input[name=username]", regulator.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/monitoring/findings/{national.pk}/")
        page.fill("[data-testid=confirm-form] textarea[name=note]", "商品页截图已留存")
        page.click("[data-testid=confirm]")
        page.wait_for_url(f"{live_server.url}/monitoring/clues/*/")
        next_step = page.locator("[data-testid=next-step]")
        assert next_step.inner_text() == "下一步：由本辖区监管人员或负责人指定承办人。"

        page.select_option("#clue-handler-select", label=str(regulator))
        page.click("[data-testid=assign-form] button[type=submit]")
        assert page.locator("[data-testid=clue-handler]").inner_text() == str(regulator)
        assert "记录核查情况" in next_step.inner_text()

        page.fill("#check-checked", "调取平台留存的商品页面，与监测记录比对")
        page.select_option("#check-result", "confirmed")
        page.fill("#check-note", "页面仍在展示“国家级”用语")
        page.set_input_files("#check-attachments", str(screenshot))
        page.click("[data-testid=check-form] button[type=submit]")
        checks = page.locator("[data-testid=clue-checks] tbody")
        assert "调取平台留存的商品页面" in checks.inner_text()
        assert "情况属实" in checks.inner_text()
        assert "商品页截图.png" in checks.inner_text()

        page.click("[data-testid=submit-form] button[type=submit]")
        assert "已提交负责人决定。" in page.locator(".messages").inner_text()
        assert next_step.inner_text().startswith("下一步：由科室负责人作出决定")
        assert page.locator("[data-testid=check-form]").count() == 0

    clue = Clue.objects.get()
    assert (clue.handler, clue.state) == (regulator, "registered")
    assert clue.submitted_at is not None
    assert clue.checks.get().attachments.get().content_type == "image/png"
