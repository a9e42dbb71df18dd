"""A monitoring clue and a complaint show the case created from them, to viewers of the case."""

import datetime as dt

import pytest
from django.test import Client

from wangjian.enforcement import actions
from wangjian.enforcement.models import Case
from wangjian.enforcement.templatetags.enforcement_cases import cases_from_source


@pytest.fixture
def clue(world, regulator):
    from wangjian.monitoring.actions import confirm_findings
    from wangjian.monitoring.models import Finding
    from wangjian.monitoring.tests.factories import feed_batch

    feed_batch(regulator, world)
    findings = Finding.objects.filter(item__external_id="L-1")
    return confirm_findings(
        actor=regulator, finding_ids=[f.pk for f in findings], note="直播间宣称国家级、最好"
    )


def _page(user, url) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_the_clue_page_shows_its_case_only_to_viewers_of_the_case(
    clue, regulator, other_regulator, system_admin
):
    status, text = _page(regulator, f"/monitoring/clues/{clue.pk}/")
    assert status == 200
    assert 'data-testid="enforcement-cases"' not in text  # no case yet
    case = actions.case_from_clue(actor=regulator, clue=clue)
    status, text = _page(regulator, f"/monitoring/clues/{clue.pk}/")
    assert 'data-testid="enforcement-cases"' in text
    assert f'href="/enforcement/cases/{case.pk}/"' in text
    assert case.display_number in text
    # Staff who may open the clue but not cases see no link (and no number).
    status, text = _page(system_admin, f"/monitoring/clues/{clue.pk}/")
    assert status == 200
    assert case.display_number not in text
    # Another bureau: the tag finds nothing to show.
    assert cases_from_source(other_regulator, "clue", clue) == {"shown": False, "cases": []}
    assert cases_from_source(regulator, "clue", clue) == {"shown": True, "cases": [case]}
    assert cases_from_source(regulator, "owner", clue) == {"shown": False}


def test_the_report_page_shows_the_case_filed_from_it(
    world, regulator, system_admin, django_capture_on_commit_callbacks
):
    from wangjian.complaints import actions as complaints
    from wangjian.complaints.choices import RecordKind
    from wangjian.complaints.tests.factories import file

    report = file(world["food"].division, kinds=(RecordKind.REPORT,), on=dt.date(2026, 11, 20))
    report = report.records[0]
    with django_capture_on_commit_callbacks(execute=True):
        complaints.decide_case_filing(
            actor=regulator,
            complaint=report,
            file_case=True,
            reason="经核查，店铺销售霉变坚果",
            on=dt.date(2026, 11, 27),
        )
    case = Case.objects.get(report=report)
    status, text = _page(regulator, f"/complaints/{report.pk}/")
    assert status == 200
    assert f'href="/enforcement/cases/{case.pk}/"' in text
    assert "由此立案或登记的案件" in text
    status, text = _page(system_admin, f"/complaints/{report.pk}/")
    assert status == 200
    assert f'href="/enforcement/cases/{case.pk}/"' not in text
