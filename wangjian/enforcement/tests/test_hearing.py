"""听证告知书, the hearing request window and 听证笔录 tied to the hearing pause."""

import datetime as dt
import subprocess

import pytest
from django.test import Client

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.enforcement import actions
from wangjian.enforcement.actions.common import EnforcementError
from wangjian.enforcement.choices import CaseState
from wangjian.enforcement.tests.factories import PENALTY, file_case, propose

MISSING = 999999
NOTIFIED_ON = dt.date(2026, 11, 23)


@pytest.fixture
def notified(world, regulator, reviewer, section_chief, year_2027):
    case = actions.register_case(
        actor=regulator,
        conduct="直播间宣称保健食品具有治疗功能",
        entity=world["food"],
        shop=world["yangpu_shop"],
        found_on=dt.date(2026, 11, 18),
        violated_articles=["ad-law-2021:57"],
    )
    file_case(case, regulator, reviewer, section_chief, dt.date(2026, 11, 20))
    propose(case, regulator, reviewer, section_chief, NOTIFIED_ON, **PENALTY)
    case.refresh_from_db()
    return case


@pytest.fixture
def hearing(notified, regulator):
    actions.record_statement(
        actor=regulator,
        case=notified,
        statement="当事人书面要求听证",
        hearing_requested=True,
        on=dt.date(2026, 11, 24),
    )
    notified.refresh_from_db()
    return notified


def test_a_hearing_request_after_the_window_is_refused_with_its_basis(notified, regulator):
    assert notified.statement_due == dt.date(2026, 11, 30)  # 5 working days after 11/23
    with pytest.raises(EnforcementError) as error:
        actions.record_statement(
            actor=regulator,
            case=notified,
            statement="当事人逾期要求听证",
            hearing_requested=True,
            on=dt.date(2026, 12, 1),
        )
    assert error.value.field == "hearing_requested"
    assert "第六十四条" in error.value.message_zh
    assert "2026-11-30" in error.value.message_zh
    notified.refresh_from_db()
    assert notified.state == CaseState.NOTIFIED


def test_the_hearing_record_closes_the_pause_and_moves_the_decision_due(
    hearing, regulator, reviewer, other_regulator
):
    pause = hearing.pauses.get(kind="hearing", ended_on__isnull=True)
    values = {
        "actor": regulator,
        "case": hearing,
        "held_on": dt.date(2026, 12, 1),
        "place": "杨浦区市场监督管理局听证室",
        "participants": "当事人委托代理人张律师；办案人员杨监管",
        "party_statement": "当事人认为宣传内容系主播个人发挥，请求从轻处罚",
    }
    for host, text in ((regulator, "办案人员"), (other_regulator, "本机关人员")):
        with pytest.raises(EnforcementError) as error:
            actions.record_hearing(host=host, **values)
        assert error.value.field == "host"
        assert text in error.value.message_zh
    with pytest.raises(EnforcementError) as error:
        actions.record_hearing(host=reviewer, **{**values, "held_on": dt.date(2026, 11, 23)})
    assert error.value.field == "held_on"
    record = actions.record_hearing(host=reviewer, **values)
    hearing.refresh_from_db()
    pause.refresh_from_db()
    assert record.pause == pause
    assert pause.ended_on == dt.date(2026, 12, 1)
    assert pause.days == 7
    assert hearing.state == CaseState.NOTIFIED
    # 90 days from 立案 (2026-11-20) is 2027-02-18; the 7 hearing days are not counted.
    assert hearing.decision_due == dt.date(2027, 2, 25)
    event = AuditEvent.objects.get(event_type="enforcement.hearing_held")
    assert event.after["paused_days"] == 7
    with pytest.raises(EnforcementError) as error:
        actions.record_hearing(host=reviewer, **values)
    assert error.value.code == "ENF-STATE"


def _pdf_text(response, tmp_path, name) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return "".join(text.split("\f")[0].split())


def test_hearing_post_page_and_documents(
    hearing, regulator, reviewer, other_regulator, merchant, tmp_path
):
    client = Client()
    client.force_login(regulator)
    page = client.get(f"/enforcement/cases/{hearing.pk}/").content.decode()
    assert 'data-testid="hearing-form"' in page
    assert "行政处罚听证告知书" in page
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/enforcement/cases/{hearing.pk}/hearing-notice.pdf",
            missing_url=f"/enforcement/cases/{MISSING}/hearing-notice.pdf",
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=merchant,
    )
    text = _pdf_text(response, tmp_path, "notice")
    assert "行政处罚听证告知书" in text
    assert "上海杨浦甲乙食品有限公司" in text
    assert hearing.number in text
    assert "市场监督管理行政处罚听证办法" in text
    assert "2026年11月30日" in text

    assert_scoping_matrix(
        ScopingCase(
            url=f"/enforcement/cases/{hearing.pk}/hearing/",
            missing_url=f"/enforcement/cases/{MISSING}/hearing/",
            method="post",
            data={
                "held_on": "2026-12-01",
                "place": "杨浦区市场监督管理局听证室",
                "host": str(reviewer.pk),
                "participants": "当事人委托代理人张律师；办案人员杨监管",
                "party_statement": "当事人认为宣传内容系主播个人发挥，请求从轻处罚",
            },
            api=False,
            permitted_status=302,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=merchant,
    )
    assert hearing.hearings.get().host == reviewer
    page = client.get(f"/enforcement/cases/{hearing.pk}/").content.decode()
    assert "共 7 日不计入办案期限" in page
    response = client.get(f"/enforcement/cases/{hearing.pk}/hearing-record.pdf")
    assert response.status_code == 200
    text = _pdf_text(response, tmp_path, "record")
    assert "听证笔录" in text
    assert "上海杨浦甲乙食品有限公司" in text
    assert hearing.number in text
    assert "请求从轻处罚" in text
