import pytest

from wangjian.complaints.models import Complaint
from wangjian.core.tests.browser import chromium_page
from wangjian.core.tests.factories import TEST_PASSWORD


@pytest.mark.browser
def test_consumer_files_and_looks_up_then_a_regulator_accepts(
    live_server, transactional_db, world, regulator, year_2027
):
    with chromium_page() as page:
        page.goto(f"{live_server.url}/complaints/public/file/310110/")
        page.select_option("select[name=kind]", "complaint")
        page.fill("input[name=complainant_name]", "周小芸")
        page.fill("input[name=complainant_phone]", "13812349876")
        page.fill("input[name=complainant_address]", "上海市杨浦区邯郸路220号")
        page.fill("input[name=respondent_name]", "甲乙食品旗舰店")
        page.fill("input[name=shop_url]", world["yangpu_shop"].url)
        page.fill("input[name=platform_name]", "好物商城")
        page.select_option("select[name=purchase_channel]", "platform")
        page.fill("input[name=category]", "食品")
        page.fill(
            "textarea[name=facts]", "购买的坚果礼盒收到时已经发霉，商家以已拆封为由拒绝退款。"
        )
        page.fill("textarea[name=request]", "退款")
        page.click("[data-testid=complaint-form] button[type=submit]")
        receipt = page.locator("[data-testid=receipt-number]").inner_text()
        code = page.locator("[data-testid=lookup-code]").inner_text()
        page.click("text=查询办理进度")
        page.fill("input[name=receipt_number]", receipt)
        page.fill("input[name=lookup_code]", code)
        page.click("[data-testid=lookup-form] button[type=submit]")
        assert page.locator("[data-testid=lookup-state]").inner_text() == "已登记"
        assert "周小芸" not in page.locator("body").inner_text()

    complaint = Complaint.objects.get(receipt_number=receipt)
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/?next=/complaints/")
        page.fill("input[name=username]", regulator.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/complaints/")
        page.click(f"text={receipt}")
        assert page.locator("[data-testid=complainant]").inner_text() == "周小芸"
        page.click("[data-testid=accept]")
        page.click("[data-testid=confirm]")
        assert page.locator("[data-testid=state]").inner_text() == "调解中"
    complaint.refresh_from_db()
    assert complaint.state == "mediating"
    assert complaint.clocks.get(step="accept_decision").timely is True


@pytest.mark.browser
def test_an_administrator_enters_next_years_table_and_a_waiting_clock_gets_its_date(
    live_server, transactional_db, world, divisions, system_admin
):
    import datetime as dt

    from wangjian.complaints.tests.factories import file

    complaint = file(divisions["yangpu"], on=dt.date(2026, 12, 24)).records[0]
    clock = complaint.clocks.get(step="accept_decision")
    assert clock.due_on is None
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/?next=/")
        page.fill("input[name=username]", system_admin.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("button[type=submit]")
        warning = page.locator("[data-testid=missing-calendar-year]")
        assert warning.inner_text().startswith("2027 年工作日表尚未录入")
        warning.locator("text=录入年度工作日表").click()
        page.fill("input[name=year]", "2027")
        page.fill(
            "input[name=source_document]", "国务院办公厅关于2027年部分节假日安排的通知（测试）"
        )
        page.fill("input[name=published_on]", "2026-11-10")
        page.fill("textarea[name=days]", "2027-01-01 休 元旦\n2027-02-06 班 春节调休")
        page.click("[data-testid=save-year]")
        assert page.locator(".messages").inner_text() == "2027 年工作日表已保存，已重算 1 个时限。"
        assert page.locator("[data-testid=missing-year]").count() == 0
    clock.refresh_from_db()
    # 12-25, 12-28 … 12-31, then 1 January off: 1-4, 1-5.
    assert clock.due_on == dt.date(2027, 1, 5)


@pytest.mark.browser
def test_a_regulator_finds_a_complaint_by_number_and_accepts_it_after_confirming(
    live_server, transactional_db, world, divisions, regulator, year_2027
):
    import datetime as dt

    from wangjian.complaints.tests.factories import file

    complaint = file(divisions["yangpu"], on=dt.date(2026, 12, 1)).records[0]
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/?next=/complaints/")
        page.fill("input[name=username]", regulator.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/complaints/")
        page.click(f"text={complaint.receipt_number}")
        page.click("[data-testid=accept]")
        # Nothing has changed yet: the page says what accepting will do.
        assert (
            page.locator("[data-testid=consequences]")
            .inner_text()
            .startswith("办理后\n调解期限自受理之日起计算，至 2027-02-04 届满")
        )
        complaint.refresh_from_db()
        assert complaint.state == "received"
        page.click("[data-testid=confirm]")
        assert page.locator(".messages").inner_text() == "已受理，调解期限至 2027-02-04。"
        assert page.locator("[data-testid=state]").inner_text() == "调解中"
        assert "2027-02-04" in page.locator("[data-testid=next-deadline]").inner_text()
