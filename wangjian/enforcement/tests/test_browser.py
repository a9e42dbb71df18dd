import pytest

from wangjian.core.tests.browser import chromium_page
from wangjian.core.tests.factories import TEST_PASSWORD
from wangjian.enforcement.models import Case


def _login(page, base, user, path):
    page.context.clear_cookies()
    page.goto(f"{base}/login/?next={path}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}{path}")


def _approve(page, subject_stage, opinion, details=None):
    page.select_option("[data-testid=subject-stage]", subject_stage)
    if details:
        page.click(f"[data-testid=approval-form] summary:has-text('{details}')")
    page.fill("[data-testid=approval-form] textarea[name=opinion]", opinion)


def _submit(page, base, path):
    page.click("[data-testid=approval-submit]")
    page.wait_for_url(f"{base}{path}")


@pytest.mark.browser
def test_a_regulator_files_a_case_from_a_clue_and_the_chief_decides(
    live_server, transactional_db, world, regulator, reviewer, section_chief
):
    from wangjian.monitoring.actions import confirm_findings
    from wangjian.monitoring.models import Finding
    from wangjian.monitoring.tests.factories import feed_batch

    feed_batch(regulator, world)
    clue = confirm_findings(
        actor=regulator,
        finding_ids=[f.pk for f in Finding.objects.filter(item__external_id="L-1")],
        note="直播间宣称国家级",
    )
    base = live_server.url
    with chromium_page() as page:
        _login(page, base, regulator, "/enforcement/")
        page.select_option("[data-testid=from-clue-form] select[name=clue]", str(clue.pk))
        page.click("[data-testid=from-clue-form] button[type=submit]")
        page.wait_for_url(f"{base}/enforcement/cases/*/")
        path = page.url.removeprefix(base)
        assert page.locator("[data-testid=case-state]").inner_text() == "核查"

        _approve(page, "filing/propose", "违法事实基本清楚，建议立案", "立案意见")
        page.select_option("[data-testid=approval-form] select[name=file]", "1")
        _submit(page, base, path)

        _login(page, base, reviewer, path)
        _approve(page, "filing/review", "同意立案")
        _submit(page, base, path)
        _login(page, base, section_chief, path)
        _approve(page, "filing/approve", "同意立案调查")
        _submit(page, base, path)
        assert page.locator("[data-testid=case-state]").inner_text() == "调查"
        assert page.locator("[data-testid=case-number]").inner_text() == "沪市监杨立〔2026〕1号"

        _login(page, base, regulator, path)
        _approve(page, "proposal/propose", "调查终结，建议罚款二十万元", "处理意见")
        page.select_option("[data-testid=approval-form] select[name=outcome]", "penalty")
        page.check("[data-testid=approval-form] input[name=penalty_kinds][value=fine]")
        page.fill("[data-testid=approval-form] input[name=fine_amount]", "200000")
        page.select_option(
            "[data-testid=approval-form] select[name=penalty_article]", "ad-law-2021:57"
        )
        _submit(page, base, path)
        _login(page, base, reviewer, path)
        _approve(page, "proposal/review", "法制审核：适用依据正确")
        _submit(page, base, path)
        _login(page, base, section_chief, path)
        _approve(page, "proposal/approve", "同意，予以告知")
        _submit(page, base, path)
        assert page.locator("[data-testid=case-state]").inner_text() == "告知（陈述申辩期）"
        assert page.locator("[data-testid=document-penalty-notice]").count() == 1

        _login(page, base, regulator, path)
        page.select_option("[data-testid=step-select]", "statement")
        page.fill("[data-testid=step-form] textarea[name=text]", "当事人放弃陈述申辩")
        page.click("[data-testid=step-submit]")
        page.wait_for_url(f"{base}{path}")
        _approve(page, "decision/propose", "维持处理意见")
        _submit(page, base, path)

        _login(page, base, section_chief, path)
        _approve(page, "decision/approve", "同意作出决定")
        _submit(page, base, path)
        assert page.locator("[data-testid=case-state]").inner_text() == "已决定"
        assert page.locator("[data-testid=document-penalty-decision]").count() == 1

    case = Case.objects.get()
    assert (case.decision_number, str(case.fine_amount)) == ("沪市监杨处〔2026〕1号", "200000.00")
    assert [(a.subject, a.stage, a.actor.username) for a in case.approvals.all()][-2:] == [
        ("decision", "propose", regulator.username),
        ("decision", "approve", section_chief.username),
    ]
