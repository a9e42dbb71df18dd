import pytest

from wangjian.core.demo import DEMO_PASSWORD, load_demo
from wangjian.core.tests.browser import chromium_page


@pytest.mark.browser
def test_demo_regulator_signs_in_and_sees_the_home_page(live_server, transactional_db, tmp_path):
    load_demo()
    with chromium_page() as page:
        page.goto(f"{live_server.url}/")
        assert page.url == f"{live_server.url}/login/?next=/"
        assert page.locator("h1").inner_text() == "登录网监平台"

        page.fill("input[name=username]", "regulator")
        page.fill("input[name=password]", "wrong-password")
        page.click("button[type=submit]")
        assert page.locator("[role=alert]").inner_text() == "用户名或密码不正确。"

        page.fill("input[name=username]", "regulator")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        assert page.locator("h1").inner_text() == "工作台"
        assert page.locator("[data-testid=jurisdiction]").inner_text() == "辖区：杨浦区（310110）"
        assert (
            "王监管 · 监管人员 · 网络交易监督管理科"
            in page.locator("[data-testid=whoami]").inner_text()
        )
        # 杨浦局, its six sections and twelve street stations, and the partner commission.
        org_units = page.locator("[data-card=辖区内机构] [data-testid=card-value]")
        assert org_units.inner_text() == "20"
        page.screenshot(path=str(tmp_path / "home.png"), full_page=True)


@pytest.mark.browser
def test_pages_and_the_api_docs_run_under_the_content_security_policy(
    live_server, transactional_db
):
    load_demo()
    with chromium_page() as page:
        violations = []
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "regulator")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        # The language menu submits from a static script, not an inline handler.
        # The change submits the form: wait for that navigation, not for the current page.
        with page.expect_navigation():
            page.select_option("select[name=language]", "en")
        assert page.locator("html").get_attribute("lang") == "en"
        page.goto(f"{live_server.url}/jobs/")
        page.goto(f"{live_server.url}/api/docs/")
        page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
        assert page.locator(".swagger-ui .opblock").count() > 10
        assert violations == []
