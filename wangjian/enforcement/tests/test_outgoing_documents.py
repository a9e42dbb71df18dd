"""Case documents (文书) go to the party or into the file: every one the case's stage allows
renders without a staff-only verification note, and one whose deadline cannot be computed (the
year's working-day table is missing) is refused rather than printed with a gap."""

import datetime as dt
import subprocess

import pytest

from wangjian.core.documents import INTERNAL_NOTE_MARKERS
from wangjian.enforcement import actions
from wangjian.enforcement.actions import EnforcementError
from wangjian.enforcement.choices import ErrorCode
from wangjian.enforcement.documents import available_documents, render_case_document
from wangjian.enforcement.tests.factories import PENALTY, decide, file_case, propose

TODAY = dt.date(2026, 12, 2)


def _text(pdf: bytes) -> str:
    return "".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )


def test_every_document_of_a_decided_case_carries_its_dates_and_no_internal_note(
    world, regulator, reviewer, section_chief, year_2027
):
    case = actions.register_case(
        actor=regulator,
        conduct="直播间宣称保健食品具有治疗功能",
        entity=world["food"],
        shop=world["yangpu_shop"],
        found_on=dt.date(2026, 11, 25),
        violated_articles=["ad-law-2021:57"],
    )
    file_case(case, regulator, reviewer, section_chief, TODAY)
    propose(case, regulator, reviewer, section_chief, TODAY, **PENALTY)
    actions.record_statement(actor=regulator, case=case, statement="当事人放弃陈述申辩", on=TODAY)
    decide(case, regulator, section_chief, TODAY)
    case.refresh_from_db()
    slugs = [slug for slug, _title in available_documents(case)]
    assert {"filing-approval", "penalty-notice", "penalty-decision"} <= set(slugs)
    for slug in slugs:
        text = _text(render_case_document(case, slug))
        assert [marker for marker in INTERNAL_NOTE_MARKERS if marker in text] == [], slug
    due = case.verification_due
    assert f"核查期限{due.year}年{due.month}月{due.day}日" in _text(
        render_case_document(case, "filing-approval")
    )


@pytest.mark.django_db
def test_a_filing_approval_without_its_verification_deadline_is_refused(world, regulator):
    case = actions.register_case(
        actor=regulator,
        conduct="网店未明码标价",
        entity=world["food"],
        found_on=dt.date(2027, 1, 5),
    )
    assert case.verification_due is None
    actions.approval_step(
        actor=regulator,
        case=case,
        subject="filing",
        stage="propose",
        opinion="建议立案",
        payload={"file": True},
        on=TODAY,
    )
    with pytest.raises(EnforcementError) as refused:
        render_case_document(case, "filing-approval")
    assert refused.value.code == ErrorCode.BLANK_DEADLINE
