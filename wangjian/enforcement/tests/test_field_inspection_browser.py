"""A 行政检查 at phone size (375×812) in Debian's Chromium: started from a complaint, the
record typed with the connection dropped (kept on the phone, sent when back online), a photo
from the camera input, the party's signature, ending in 责令改正 with its re-check date; a
second inspection, started from the entity's profile, ends in a case."""

import datetime as dt

import pytest

from wangjian.core.tests.browser import chromium_page
from wangjian.core.tests.factories import TEST_PASSWORD
from wangjian.core.working_days import add_working_days
from wangjian.inspections.models import FieldInspection
from wangjian.inspections.tests.conftest import media  # noqa: F401
from wangjian.inspections.tests.test_field import PNG

PHONE = {"width": 375, "height": 812}
# Near 国权路 in Yangpu: what the phone's position service answers.
POSITION = {"latitude": 31.298512, "longitude": 121.511234}


def sign_in(page, base, user):
    page.goto(f"{base}/login/?next=/inspections/field/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/inspections/field/")


def start(page, base, source_type, source_id, uscc, team):
    if source_type == "complaint":
        # From the complaint's own page, as the handling officer would.
        page.goto(f"{base}/complaints/{source_id}/")
        page.click("[data-testid=start-field-inspection]")
        page.wait_for_selector("[data-testid=field-start]")
    else:
        page.goto(
            f"{base}/inspections/field/start/?source_type={source_type}&source_id={source_id}"
        )
    page.fill("input[name=entity_uscc]", uscc)
    page.check("input[name=items][value=WJ-01]")
    page.check("input[name=items][value=WJ-02]")
    for officer in team:
        page.check(f"input[name=inspectors][value='{officer.pk}']")
    page.click("[data-testid=field-start] button[type=submit]")
    page.wait_for_selector("[data-testid=field-page]")


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def type_record(page):
    page.fill("input[name=started_at]", "2026-12-02T09:30")
    page.fill("input[name=ended_at]", "2026-12-02T10:05")
    page.fill("textarea[name=present_persons]", "赵一（法定代表人）")
    page.fill("textarea[name=checked]", "查看经营场所及网店首页亮照情况")
    page.check("input[name=finding_WJ-01][value=yes]")
    page.check("input[name=finding_WJ-02][value=no]")
    page.fill("input[name=note_WJ-02]", "网店首页未公示营业执照")


@pytest.mark.browser
def test_an_inspection_from_a_complaint_done_on_a_phone(
    live_server, transactional_db, regulator, entities, items, officers, complaint
):
    alpha = entities["alpha"]
    with chromium_page(viewport=PHONE, geolocation=POSITION, permissions=["geolocation"]) as page:
        base = live_server.url
        sign_in(page, base, regulator)
        start(page, base, "complaint", complaint.pk, alpha.uscc, officers[:2])
        inspection = FieldInspection.objects.get(entity=alpha)
        assert inspection.source_label.startswith("投诉举报：")
        assert fits_the_screen(page)
        page.wait_for_function(
            "document.querySelector('[name=place_source]').value === 'geolocation'"
        )

        # The connection drops while the record is sent: it stays on the phone.
        type_record(page)
        page.context.set_offline(True)
        page.click("[data-testid=record-form] button[type=submit]")
        status = page.locator("[data-testid=draft-status]")
        assert status.inner_text() == "网络已断开：笔录已保存在本机，恢复网络后自动提交"
        draft = page.evaluate(f"JSON.parse(localStorage.getItem('field-draft-{inspection.pk}'))")
        assert draft["pending"] is True
        assert draft["values"]["checked"] == "查看经营场所及网店首页亮照情况"
        inspection.refresh_from_db()
        assert (inspection.version, inspection.checked) == (1, "")

        # Back online: the draft is sent by itself and the page reloads with the saved record.
        with page.expect_navigation():
            page.context.set_offline(False)
        inspection.refresh_from_db()
        assert inspection.version == 2
        assert inspection.checked == "查看经营场所及网店首页亮照情况"
        assert inspection.findings["WJ-02"] == {
            "conforming": False,
            "note": "网店首页未公示营业执照",
        }
        assert inspection.place_source == "geolocation"
        assert (float(inspection.latitude), float(inspection.longitude)) == (
            POSITION["latitude"],
            POSITION["longitude"],
        )
        assert page.evaluate(f"localStorage.getItem('field-draft-{inspection.pk}')") is None

        # A photo from the camera input.
        page.set_input_files(
            "[data-testid=photo-form] input[type=file]",
            files=[{"name": "门头.png", "mimeType": "image/png", "buffer": PNG}],
        )
        page.click("[data-testid=photo-form] button[type=submit]")
        assert "image/png" in page.locator("[data-testid=attachments]").inner_text()

        page.fill("[data-testid=signature-form] input[name=signer_name]", "赵一")
        page.click("[data-testid=signature-form] button[type=submit]")
        assert page.locator("[data-testid=signature]").inner_text() == "当事人签名：赵一"

        page.select_option("[data-testid=conclude-form] select[name=outcome]", "rectify")
        page.click("[data-testid=conclude-form] button[type=submit]")
        assert page.locator(".messages").count() == 0
        assert page.locator("[data-testid=field-state]").inner_text() == "责令改正中"
        due = add_working_days(dt.date(2026, 12, 2), 15)
        assert due.isoformat() in page.locator("[data-testid=rectify-due]").inner_text()
        assert fits_the_screen(page)
    inspection.refresh_from_db()
    assert (inspection.outcome, inspection.rectify_due_on) == ("rectify", due)
    assert inspection.attachments.get().custody_index is not None


@pytest.mark.browser
def test_an_inspection_from_a_profile_ends_in_a_case_on_a_phone(
    live_server, transactional_db, regulator, entities, items, officers
):
    from wangjian.enforcement.models import Case

    beta = entities["beta"]
    with chromium_page(viewport=PHONE) as page:
        base = live_server.url
        sign_in(page, base, regulator)
        start(page, base, "profile", beta.pk, beta.uscc, officers[1:3])
        # No position from the browser: the register address stands.
        assert "位置取登记住所" in page.locator("[data-testid=place-source]").inner_text()
        type_record(page)
        page.fill("input[name=place]", "上海市杨浦区政通路100号")
        with page.expect_navigation():
            page.click("[data-testid=record-form] button[type=submit]")
        page.check("[data-testid=signature-form] input[name=signed][value=no]")
        page.fill("[data-testid=signature-form] input[name=refusal_reason]", "当事人拒绝签名")
        page.fill("[data-testid=signature-form] input[name=witness_name]", "居委会干部王五")
        page.click("[data-testid=signature-form] button[type=submit]")
        page.select_option("[data-testid=conclude-form] select[name=outcome]", "case")
        page.fill("[data-testid=conclude-form] textarea[name=conduct]", "网店首页未公示营业执照")
        page.fill(
            "[data-testid=conclude-form] input[name=violated_articles]", "ecommerce-law-2018:15"
        )
        page.click("[data-testid=conclude-form] button[type=submit]")
        case = Case.objects.get(field_inspection__entity=beta)
        assert case.source_number in page.locator("[data-testid=case-number]").inner_text()
        assert fits_the_screen(page)
    inspection = FieldInspection.objects.get(entity=beta)
    assert (inspection.state, inspection.place_source, inspection.signature) == (
        "closed",
        "register",
        "refused",
    )
