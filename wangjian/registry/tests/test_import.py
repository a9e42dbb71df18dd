import json

import pytest
from openpyxl import Workbook

from wangjian.core.models import AuditEvent
from wangjian.registry.actions import import_submission
from wangjian.registry.choices import FlagKind, SubmissionState
from wangjian.registry.models import (
    EntityLink,
    Flag,
    OnlineShop,
    Referral,
    Submission,
    SubmissionError,
    SubmissionRecord,
)
from wangjian.registry.reports import error_report_json
from wangjian.registry.submissions import COLUMNS, UnreadableSubmission, read_submission
from wangjian.registry.tests.conftest import FIRST_HALF, SECOND_HALF
from wangjian.registry.tests.factories import FIXTURES

FIRST = (FIXTURES / "submission_2026h1.csv").read_bytes()
SECOND = (FIXTURES / "submission_2026h2.csv").read_bytes()


def submit(register, content, *, name="submission.csv", period="2026H1", today=FIRST_HALF):
    return import_submission(
        actor=None,
        platform=register["platform"],
        file_name=name,
        content=content,
        period=period,
        channel="upload",
        today=today,
    )


def row_counts() -> dict:
    return {
        "submissions": Submission.objects.count(),
        "errors": SubmissionError.objects.count(),
        "records": SubmissionRecord.objects.count(),
        "shops": OnlineShop.objects.count(),
        "flags": Flag.objects.count(),
        "referrals": Referral.objects.count(),
        "links": EntityLink.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.mark.django_db
def test_fixture_submission_reports_exactly_its_bad_rows(register):
    outcome = submit(register, FIRST)

    problems = [(p.row, p.column, p.value, p.rule) for p in outcome.problems]
    assert problems == [
        (4, "uscc", "91310110MA1G00063F", "uscc"),
        (6, "exemption", "", "exemption"),
        (9, "shop_name", "", "required"),
        (9, "shop_url", "ftp://shop.example.com/s008", "url"),
        (10, "opened_on", "2026-13-01", "date"),
        (10, "address", "火星基地123号", "division"),
        (11, "shop_id", "S001", "duplicate"),
    ]
    assert outcome.problems[0].message == (
        "第4行 统一社会信用代码：组织机构代码校验码错误：第17位应为 2，实为 3"
        "（GB 11714-1997 校验码）（值：91310110MA1G00063F） / row 4, uscc: organisation code"
        " check character wrong: position 17 should be 2, found 3 (GB 11714-1997 check code)"
        " (value: 91310110MA1G00063F)"
    )
    submission = outcome.submission
    assert (submission.rows_read, submission.rows_committed, submission.rows_rejected) == (10, 5, 5)
    assert submission.state == SubmissionState.PARTIAL
    shops = OnlineShop.objects.order_by("shop_id")
    assert [shop.shop_id for shop in shops] == ["S001", "S002", "S004", "S006", "S007"]
    assert submission.diff == {
        "new": ["S001", "S002", "S004", "S006", "S007"],
        "changed": [],
        "exited": [],
    }
    stored = list(submission.errors.values_list("row", "column", "rule"))
    assert stored == [(row, column, rule) for row, column, _value, rule in problems]


@pytest.mark.django_db
def test_fixture_submission_raises_exactly_these_flags_and_one_referral(register):
    submission = submit(register, FIRST).submission

    flags = sorted(submission.flags.values_list("shop__shop_id", "kind"))
    assert flags == [
        ("S002", FlagKind.CHECK_CHARACTER),
        ("S002", FlagKind.NOT_IN_REGISTER),
        ("S004", FlagKind.OVER_EXEMPTION_THRESHOLD),
        ("S006", FlagKind.NAME_MISMATCH),
        ("S007", FlagKind.OUTSIDE_JURISDICTION),
    ]
    assert submission.flags_raised == 5
    threshold = Flag.objects.get(kind=FlagKind.OVER_EXEMPTION_THRESHOLD)
    assert threshold.basis_data == {
        "rule": "exemption_turnover_threshold",
        "version": "2021-05-01",
        "amount_yuan": "100000",
        "legal_basis": "《网络交易监督管理办法》(总局令第37号) 第八条; 电子商务法 第十条",
        "status": "unconfirmed",
        "aggregated_turnover": "150000.00",
    }
    referral = Referral.objects.get()
    assert referral.shop.shop_id == "S007"
    assert referral.target_division.name == "张江镇"
    assert referral.division.name == "杨浦区"


@pytest.mark.django_db
def test_shops_link_to_the_register_by_uscc_and_keep_no_id_number_in_clear(register):
    submit(register, FIRST)

    assert OnlineShop.objects.get(shop_id="S001").entity == register["food"]
    assert OnlineShop.objects.get(shop_id="S006").entity == register["tech"]
    assert OnlineShop.objects.get(shop_id="S002").entity is None
    person = OnlineShop.objects.get(shop_id="S004")
    assert person.entity is None
    assert person.person_id_masked == "110105********002X"
    assert len(person.person_id_hash) == 64
    assert person.exemption_ground == "small_sporadic"
    assert person.division.name == "五角场街道"
    for record in SubmissionRecord.objects.all():
        assert "11010519491231002X" not in json.dumps(record.data)
    for event in AuditEvent.objects.all():
        assert "11010519491231002X" not in json.dumps(event.after, ensure_ascii=False)


@pytest.mark.django_db
def test_the_same_file_again_changes_nothing(register):
    first = submit(register, FIRST)
    before = row_counts()

    again = submit(register, FIRST, name="renamed.csv")

    assert again.already_imported is True
    assert again.submission.pk == first.submission.pk
    assert row_counts() == before


@pytest.mark.django_db
def test_a_changed_file_yields_the_exact_diff(register):
    submit(register, FIRST)

    second = submit(register, SECOND, period="2026H2", today=SECOND_HALF).submission

    assert second.diff == {
        "new": ["S010"],
        "changed": [{"shop_id": "S001", "fields": {"contact": ["021-65000001", "021-65009999"]}}],
        "exited": ["S006"],
    }
    assert OnlineShop.objects.get(shop_id="S006").exited_on == SECOND_HALF
    assert OnlineShop.objects.get(shop_id="S001").contact == "021-65009999"
    assert OnlineShop.objects.get(shop_id="S001").first_seen_on == FIRST_HALF
    assert OnlineShop.objects.get(shop_id="S001").last_seen_on == SECOND_HALF
    # Flags still open from the first half are not raised a second time.
    assert second.flags_raised == 0
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_xlsx_and_json_files_read_as_the_csv_does(register):
    csv_rows = read_submission("a.csv", FIRST).rows
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.zh for column in COLUMNS])
    for _number, row in csv_rows:
        sheet.append([row[column.key] for column in COLUMNS])
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    json_content = json.dumps([row for _number, row in csv_rows], ensure_ascii=False).encode()

    assert read_submission("a.xlsx", buffer.getvalue()).rows == csv_rows
    assert [row for _n, row in read_submission("a.json", json_content).rows] == [
        row for _n, row in csv_rows
    ]


@pytest.mark.django_db
def test_unreadable_files_store_nothing(register):
    before = row_counts()
    with pytest.raises(UnreadableSubmission, match="缺少必需的列 店铺网址"):
        submit(register, "店铺编号,店铺名称\nS1,x\n".encode())
    with pytest.raises(UnreadableSubmission, match="不支持的格式"):
        submit(register, FIRST, name="submission.txt")
    with pytest.raises(UnreadableSubmission, match="不是有效的 JSON"):
        submit(register, b"{broken", name="submission.json")
    assert row_counts() == before


@pytest.mark.django_db
def test_error_report_json_lists_every_problem(register):
    submission = submit(register, FIRST).submission

    report = json.loads(error_report_json(submission))

    assert report["rows_rejected"] == 5
    assert [(e["row"], e["column_zh"], e["rule"]) for e in report["errors"]] == [
        (4, "统一社会信用代码", "uscc"),
        (6, "免于登记声明", "exemption"),
        (9, "店铺名称", "required"),
        (9, "店铺网址", "url"),
        (10, "开店日期", "date"),
        (10, "实际经营地址", "division"),
        (11, "店铺编号", "duplicate"),
    ]


@pytest.mark.django_db
def test_import_is_audited_with_its_counts(register):
    submission = submit(register, FIRST).submission

    event = AuditEvent.objects.get(event_type="registry.submission_imported")
    assert event.target_id == str(submission.pk)
    assert event.after["rows_committed"] == 5
    assert event.after["rows_rejected"] == 5
    assert event.after["diff"] == {"new": 5, "changed": 0, "exited": 0}
