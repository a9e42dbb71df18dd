"""询问笔录 and 现场检查笔录: the actions, the case page, the PDF, and their scoping."""

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.enforcement import actions
from wangjian.enforcement.actions.common import EnforcementError
from wangjian.enforcement.models import CaseRecord

MISSING = 999999
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def case(world, regulator):
    return actions.register_case(
        actor=regulator,
        conduct="直播间宣称保健食品具有治疗功能",
        entity=world["food"],
        shop=world["yangpu_shop"],
        found_on=dt.date(2026, 11, 25),
        violated_articles=["ad-law-2021:57"],
    )


def _inspector(user, number, valid_until=dt.date(2028, 12, 31)):
    from wangjian.inspections.models import Inspector

    return Inspector.objects.create(
        user=user,
        name=user.display_name or user.username,
        division=user.jurisdiction,
        certificate_number=number,
        certificate_valid_until=valid_until,
    )


@pytest.fixture
def officers(regulator, section_chief):
    return _inspector(regulator, "31010001"), _inspector(section_chief, "31010002")


def _when(hour):
    return dt.datetime(2026, 11, 26, hour, 0, tzinfo=timezone.get_default_timezone())


def _inquiry(case, regulator, section_chief, **extra):
    values = {
        "actor": regulator,
        "case": case,
        "kind": "inquiry",
        "started_at": _when(9),
        "ended_at": _when(10),
        "place": "杨浦区市场监督管理局询问室",
        "officers": [section_chief],
        "subject_name": "张经理",
        "subject_role": "当事人委托代理人",
        "questions": [("直播间是否宣称产品可以治疗高血压？", "是，主播按脚本介绍。")],
        "files": [("scan.png", PNG)],
    }
    values.update(extra)
    return actions.make_case_record(**values)


def test_an_inquiry_record_keeps_officers_certificates_answers_and_file_hashes(
    case, regulator, section_chief, officers
):
    record = _inquiry(case, regulator, section_chief)
    assert [row["certificate"] for row in record.officers] == ["31010001", "31010002"]
    assert record.questions == [
        {"q": "直播间是否宣称产品可以治疗高血压？", "a": "是，主播按脚本介绍。"}
    ]
    assert record.acknowledgement == "pending"
    file = record.attachments.get()
    import hashlib

    assert file.sha256 == hashlib.sha256(PNG).hexdigest()
    assert file.content_type == "image/png"
    assert (Path(settings.MEDIA_ROOT) / file.storage_path).read_bytes() == PNG
    event = AuditEvent.objects.get(event_type="enforcement.record_made")
    assert event.after["officers"] == ["31010001", "31010002"]
    assert event.after["attachments"] == [file.sha256]


def test_one_officer_or_an_expired_certificate_is_refused(case, regulator, section_chief, reviewer):
    _inspector(regulator, "31010001")
    with pytest.raises(EnforcementError) as error:
        _inquiry(case, regulator, section_chief, officers=[])
    assert error.value.code == "ENF-OFFICERS"
    assert "第四十二条" in error.value.message_zh
    _inspector(section_chief, "31010002", valid_until=dt.date(2026, 1, 1))
    with pytest.raises(EnforcementError) as error:
        _inquiry(case, regulator, section_chief)
    assert error.value.code == "ENF-OFFICERS"
    assert error.value.field == "officers"
    with pytest.raises(EnforcementError) as error:
        _inquiry(case, regulator, reviewer)  # not in the 名录库
    assert error.value.code == "ENF-OFFICERS"
    assert CaseRecord.objects.count() == 0


def test_bad_records_are_refused_with_their_field(case, regulator, section_chief, officers):
    cases = [
        ({"questions": [("问题？", "")]}, "questions"),
        ({"kind": "inspection", "observations": ""}, "observations"),
        ({"ended_at": _when(8)}, "ended_at"),
        ({"files": [("note.txt", b"plain text")]}, "attachments"),
        ({"place": ""}, "place"),
    ]
    for extra, field in cases:
        with pytest.raises(EnforcementError) as error:
            _inquiry(case, regulator, section_chief, **extra)
        assert error.value.field == field, extra
        assert error.value.message_en
    assert CaseRecord.objects.count() == 0


def test_acknowledgement_signed_once_and_refusal_needs_a_note(
    case, regulator, section_chief, officers
):
    record = _inquiry(case, regulator, section_chief)
    with pytest.raises(EnforcementError) as error:
        actions.acknowledge_case_record(
            actor=regulator, record=record, state="refused", note="", on=dt.date(2026, 11, 26)
        )
    assert error.value.field == "note"
    actions.acknowledge_case_record(
        actor=regulator, record=record, state="signed", on=dt.date(2026, 11, 26)
    )
    record.refresh_from_db()
    assert (record.acknowledgement, record.acknowledged_on) == ("signed", dt.date(2026, 11, 26))
    with pytest.raises(EnforcementError) as error:
        actions.acknowledge_case_record(actor=regulator, record=record, state="refused", note="x")
    assert error.value.code == "ENF-STATE"


def test_another_bureau_cannot_record_on_the_case(
    case, regulator, section_chief, officers, other_regulator
):
    _inspector(other_regulator, "31020001")
    with pytest.raises(EnforcementError) as error:
        actions.make_case_record(
            actor=other_regulator,
            case=case,
            kind="inspection",
            started_at=_when(9),
            ended_at=_when(10),
            place="现场",
            officers=[regulator],
            subject_name="张经理",
            observations="现场发现直播脚本",
        )
    assert error.value.code == "ENF-SCOPE"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _matrix(url, missing, permitted, other, denied, **extra):
    return assert_scoping_matrix(
        ScopingCase(url=url, missing_url=missing, api=False, **extra),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


def test_without_a_second_certified_officer_the_page_says_what_to_do(case, regulator):
    page = _client(regulator).get(f"/enforcement/cases/{case.pk}/").content.decode()
    assert 'data-testid="record-no-officers"' in page
    assert 'data-testid="record-form"' not in page


def test_record_post_page_and_pdf(
    case, regulator, section_chief, officers, other_regulator, merchant, tmp_path
):
    data = {
        "kind": "inspection",
        "started_at": "2026-11-26T14:00",
        "ended_at": "2026-11-26T15:30",
        "place": "上海市杨浦区某路1号 直播间",
        "co_officer": str(section_chief.pk),
        "subject_name": "李主播",
        "subject_role": "现场负责人",
        "observations": "现场发现直播脚本载有“治疗高血压”字样，已拍照固定。",
    }
    _matrix(
        f"/enforcement/cases/{case.pk}/records/",
        f"/enforcement/cases/{MISSING}/records/",
        regulator,
        other_regulator,
        merchant,
        method="post",
        data=data,
        permitted_status=302,
    )
    record = case.records.get()
    assert record.kind == "inspection"
    assert [row["certificate"] for row in record.officers] == ["31010001", "31010002"]
    # An upload goes through the same action.
    response = _client(regulator).post(
        f"/enforcement/cases/{case.pk}/records/",
        {
            **data,
            "kind": "inquiry",
            "questions": "问：是否知道宣传内容？\n答：知道。",
            "attachment": SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    inquiry = case.records.get(kind="inquiry")
    assert inquiry.questions == [{"q": "是否知道宣传内容？", "a": "知道。"}]
    assert inquiry.attachments.count() == 1
    # A refused record shows the coded error on the page.
    response = _client(regulator).post(
        f"/enforcement/cases/{case.pk}/records/", {**data, "observations": ""}
    )
    assert response.status_code == 400
    assert "[ENF-INVALID]" in response.content.decode()

    page = _client(regulator).get(f"/enforcement/cases/{case.pk}/").content.decode()
    assert "现场检查笔录" in page
    assert "31010002" in page
    assert inquiry.attachments.get().sha256 in page

    _matrix(
        f"/enforcement/cases/{case.pk}/records/{record.pk}/acknowledge/",
        f"/enforcement/cases/{case.pk}/records/{MISSING}/acknowledge/",
        regulator,
        other_regulator,
        merchant,
        method="post",
        data={
            "state": "refused",
            "note": "当事人拒绝签字，两名执法人员在场注明",
            "on": "2026-11-26",
        },
        permitted_status=302,
    )
    record.refresh_from_db()
    assert record.acknowledgement == "refused"

    response = _matrix(
        f"/enforcement/cases/{case.pk}/records/{record.pk}.pdf",
        f"/enforcement/cases/{case.pk}/records/{MISSING}.pdf",
        regulator,
        other_regulator,
        merchant,
    )
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "record.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    first = "".join(text.split("\f")[0].split())
    assert "现场检查笔录" in first
    assert "上海杨浦甲乙食品有限公司" in first
    assert case.display_number in first
    assert "治疗高血压" in first
    assert "31010001" in first
    assert "拒绝签字" in first
