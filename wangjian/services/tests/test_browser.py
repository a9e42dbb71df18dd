import pytest

from wangjian.core.tests.browser import chromium_page
from wangjian.credit.models import RepairApplication
from wangjian.services.models import ReportIssue

PASSWORD = "correct horse battery"


@pytest.mark.browser
def test_merchant_sees_record_applies_for_repair_downloads_and_verifies_its_report(
    live_server, transactional_db, signing, entities, merchant_user, tmp_path
):
    merchant_user.set_password(PASSWORD)
    merchant_user.save(update_fields=["password"])
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/?next=/services/me/")
        page.fill("input[name=username]", merchant_user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/services/me/")
        page.click("[data-testid=my-record]")
        assert "未明码标价，罚款五千元" in page.locator("[data-testid=events]").inner_text()

        page.click("[data-testid=repair-penalty]")
        assert (
            "✓ 满足：此后未再受到行政处罚" in page.locator("[data-testid=conditions]").inner_text()
        )
        page.fill("textarea[name=statement]", "罚款已缴清，已整改明码标价")
        page.click("[data-testid=submit-repair]")
        assert "信用修复申请已提交" in page.locator(".messages").inner_text()

        page.click("[data-testid=to-reports]")
        with page.expect_download() as download:
            page.click("[data-testid=issue-report]")
        genuine = tmp_path / "report.pdf"
        download.value.save_as(genuine)

        page.click("text=退出登录")
        page.goto(f"{live_server.url}/services/verify/")
        page.set_input_files("[data-testid=report-file]", str(genuine))
        page.click("[data-testid=verify]")
        assert "核验通过：报告真实、未被改动" in page.locator("[data-testid=verdict]").inner_text()

        data = genuine.read_bytes()
        position = data.index(b"/Type /Page") + 2
        tampered = tmp_path / "tampered.pdf"
        tampered.write_bytes(data[:position] + bytes([data[position] ^ 1]) + data[position + 1 :])
        page.set_input_files("[data-testid=report-file]", str(tampered))
        page.click("[data-testid=verify]")
        assert "核验未通过：报告不可信" in page.locator("[data-testid=verdict]").inner_text()
    assert RepairApplication.objects.get().kind == "penalty_publicity_stop"
    assert ReportIssue.objects.get().issued_by == merchant_user
