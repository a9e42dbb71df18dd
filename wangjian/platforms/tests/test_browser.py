import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from wangjian.core.tests.browser import chromium_page
from wangjian.core.tests.factories import TEST_PASSWORD
from wangjian.platforms.models import SelfAssessment
from wangjian.platforms.tests.test_self_assessment import ANSWERS
from wangjian.registry.models import Platform

# A day whose rectification deadlines stay inside a year the working-day calendar covers.
SUBMISSION_DAY = dt.datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def sign_in(page, live_server, user, next_url):
    page.goto(f"{live_server.url}/login/?next={next_url}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{next_url}")


@pytest.mark.browser
def test_an_administrator_creates_a_user_and_a_platform(
    live_server, transactional_db, register, system_admin, yangpu_bureau
):
    with chromium_page() as page:
        sign_in(page, live_server, system_admin, "/people/")
        form = page.locator("[data-testid=user-create]")
        form.locator("input[name=username]").fill("yp_inspector")
        form.locator("input[name=display_name]").fill("杨检查")
        form.locator("select[name=role]").select_option("regulator")
        form.locator("input[name=password]").fill("a-long-enough-passphrase-3")
        form.locator("button[type=submit]").click()
        assert "已新建用户 yp_inspector" in page.locator(".messages").inner_text()
        assert "杨检查" in page.locator("[data-testid=users]").inner_text()

        page.goto(f"{live_server.url}/registry/admin/platforms/")
        form = page.locator("[data-testid=platform-create]")
        form.locator("input[name=uscc]").fill("91310110MA1G0002XY")
        form.locator("input[name=name]").fill("某某优选")
        form.locator("textarea[name=domains]").fill("youxuan.example.com")
        form.locator("input[name=icp_filing]").fill("沪ICP备12345678号-1")
        form.locator("input[name=division_code]").fill("310110")
        form.locator("button[type=submit]").click()
        assert "已登记平台 某某优选" in page.locator(".messages").inner_text()
    platform = Platform.objects.get(name="某某优选")
    assert (platform.entity.uscc, platform.domains) == (
        "91310110MA1G0002XY",
        ["youxuan.example.com"],
    )


@pytest.mark.browser
def test_a_platform_submits_a_self_assessment_and_a_regulator_reviews_it(
    live_server, transactional_db, platform, platform_user, regulator
):
    with time_machine.travel(SUBMISSION_DAY, tick=True), chromium_page() as page:
        sign_in(page, live_server, platform_user, "/platforms/assessments/")
        page.click("text=新建自评估")
        page.wait_for_selector("[data-testid=questionnaire]")
        page.click("button[value=save]")
        assert "草稿已保存" in page.locator(".messages").inner_text()
        for key, answer in ANSWERS.items():
            page.check(f"input[name=answer_{key}][value={answer}]")
        page.click("button[value=submit]")
        assert page.locator("[data-testid=state]").inner_text() == "已提交待审核"
        assert page.locator("[data-testid=score]").inner_text().startswith("72.0 分")
        assert "2026年4月14日（30 个工作日）" in page.locator("[data-testid=plan]").inner_text()

    assessment = SelfAssessment.objects.get()
    with chromium_page() as page:
        sign_in(page, live_server, regulator, "/platforms/assessments/")
        page.click(f"a[href='/platforms/assessments/{assessment.pk}/']")
        page.fill("[data-testid=review] textarea[name=comment]", "整改计划可行")
        page.click("[data-testid=review] button[value=accept]")
        assert page.locator("[data-testid=state]").inner_text() == "已认可"
        assert "整改计划可行" in page.locator("[data-testid=comments]").inner_text()
    assessment.refresh_from_db()
    assert assessment.state == "accepted"
