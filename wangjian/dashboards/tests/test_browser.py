import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from wangjian.core.tests.browser import chromium_page
from wangjian.core.tests.factories import TEST_PASSWORD


@pytest.mark.browser
def test_regulator_opens_the_board_drills_into_a_figure_and_exports_xlsx(
    live_server, transactional_db, district, section_chief
):
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/?next=/dashboards/")
        page.fill("input[name=username]", section_chief.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/dashboards/")
        assert "数据截至" in page.locator("[data-testid=as-of]").inner_text()
        # The first row of the clue figure: 待核查, two clues.
        link = page.locator("[data-testid=drill-clues-1]")
        assert link.inner_text() == "2"
        link.click()
        page.wait_for_selector("[data-testid=drill]")
        assert "共 2 条" in page.locator("[data-testid=total]").inner_text()
        assert page.locator("[data-testid=drill] tbody tr").count() == 2
        with page.expect_download() as download:
            page.click("text=导出 XLSX")
        content = Path(download.value.path()).read_bytes()
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("线索编号", "发现日期", "状态", "决定日期")
    assert sorted(row[0] for row in rows[1:]) == ["XS-2026-0001", "XS-2026-0002"]
