import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wangjian.core.actions.reference_data import load_legal_catalogue
from wangjian.core.models import AuditEvent, WorkingDayYear
from wangjian.core.testing import ScopingCase, assert_scoping_matrix

SHANGHAI = ZoneInfo("Asia/Shanghai")

TABLE_2027 = "\n".join(
    [
        "2027-01-01 休 元旦",
        "2027-02-06 班 春节调休",
        "2027-02-08 休 春节",
    ]
)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_calculator_gives_the_due_date_with_its_basis(regulator):
    load_legal_catalogue()
    page = signed_in(regulator).get(
        "/calendar/", {"start": "2026-09-30", "amount": "7", "unit": "working_days"}
    )
    assert page.status_code == 200
    assert page.context["result"]["due"].isoformat() == "2026-10-15"
    assert page.context["result"]["sources"] == [(2026, "package")]
    assert any("第二百零一条" in citation for citation in page.context["result"]["citations"])
    # A regulator may calculate but not enter year tables.
    assert page.context["year_form"] is None
    assert signed_in(regulator).post("/calendar/", {"year": "2027"}).status_code == 403


@pytest.mark.django_db
def test_uncovered_year_is_an_error_on_the_page_not_a_guess(regulator):
    page = signed_in(regulator).get(
        "/calendar/", {"start": "2027-03-01", "amount": "5", "unit": "working_days"}
    )
    assert page.context["result"] is None
    assert "2027" in str(page.context["deadline_form"].non_field_errors())


@pytest.mark.django_db
def test_administrator_enters_a_year_table_and_it_is_used(system_admin, regulator):
    response = signed_in(system_admin).post(
        "/calendar/",
        {
            "year": "2027",
            "source_document": "国务院办公厅关于2027年部分节假日安排的通知（演示）",
            "published_on": "2026-11-10",
            "days": TABLE_2027,
        },
    )
    assert response.status_code == 302
    table = WorkingDayYear.objects.get(year=2027)
    assert table.days.count() == 3
    assert AuditEvent.objects.filter(event_type="core.working_day_year_entered").count() == 1
    page = signed_in(regulator).get(
        "/calendar/", {"start": "2027-02-05", "amount": "2", "unit": "working_days"}
    )
    # 02-06 is a make-up Saturday (1), 02-07 Sunday, 02-08 a holiday, 02-09 Tuesday (2).
    assert page.context["result"]["due"].isoformat() == "2027-02-09"
    assert page.context["result"]["sources"] == [(2027, "table")]


@pytest.mark.django_db
def test_a_malformed_table_line_names_the_line(system_admin):
    response = signed_in(system_admin).post(
        "/calendar/",
        {
            "year": "2027",
            "source_document": "通知",
            "published_on": "2026-11-10",
            "days": "2027-01-01 休 元旦\n2027-13-01 休 错",
        },
    )
    assert response.status_code == 200
    assert "line 2" in str(response.context["year_form"].errors["days"])
    assert WorkingDayYear.objects.count() == 0


def _enter_2027(actor):
    from wangjian.core.actions.calendar import enter_working_day_year

    enter_working_day_year(
        actor=actor,
        year=2027,
        source_document="测试用年度工作日表",
        published_on=dt.date(2026, 11, 10),
        days=[(dt.date(2027, 1, 1), False, "元旦")],
    )


@pytest.mark.django_db
def test_administrators_and_chiefs_are_warned_from_november_while_next_year_is_missing(
    system_admin, section_chief, regulator
):
    warning = "2027 年工作日表尚未录入：落在 2027 年的期限无法计算，受理通知书等文书不能出具。"
    admin_home = signed_in(system_admin).get("/").content.decode()
    assert warning in admin_home
    assert 'href="/calendar/">录入年度工作日表</a>' in admin_home
    chief_home = signed_in(section_chief).get("/").content.decode()
    assert warning in chief_home
    assert "请联系系统管理员录入。" in chief_home
    assert warning not in signed_in(regulator).get("/").content.decode()
    with time_machine.travel(dt.datetime(2026, 10, 31, 12, 0, tzinfo=SHANGHAI), tick=False):
        assert warning not in signed_in(system_admin).get("/").content.decode()
    _enter_2027(system_admin)
    assert warning not in signed_in(system_admin).get("/").content.decode()


@pytest.mark.django_db
def test_an_administrator_imports_a_year_file_and_sees_how_many_clocks_were_dated(system_admin):
    upload = SimpleUploadedFile(
        "2027.yaml",
        (
            "year: 2027\n"
            "source_document: 国务院办公厅关于2027年部分节假日安排的通知（测试）\n"
            "published_on: 2026-11-10\n"
            "days:\n"
            "  - {date: 2027-01-01, is_working_day: false, name: 元旦}\n"
            "  - {date: 2027-02-06, is_working_day: true, name: 春节调休}\n"
        ).encode(),
        content_type="application/x-yaml",
    )
    client = signed_in(system_admin)
    page = client.post("/calendar/", {"file": upload}, follow=True).content.decode()
    assert "2027 年工作日表已保存，已重算 0 个时限。" in page
    table = WorkingDayYear.objects.get(year=2027)
    assert table.source_document == "国务院办公厅关于2027年部分节假日安排的通知（测试）"
    assert table.days.count() == 2
    assert 'data-testid="missing-year"' not in page


@pytest.mark.django_db
def test_a_malformed_year_file_is_refused_next_to_the_field(system_admin):
    upload = SimpleUploadedFile("2027.yaml", b"year: 2027\ndays: []\n")
    page = signed_in(system_admin).post("/calendar/", {"file": upload})
    assert page.status_code == 200
    assert page.context["import_form"].errors["file"] == [
        "文件缺少字段：source_document、published_on。"
    ]
    assert not WorkingDayYear.objects.exists()


@pytest.mark.django_db
def test_recomputing_a_years_clocks_scoping_and_audit(system_admin, regulator, other_regulator):
    _enter_2027(system_admin)
    permitted = assert_scoping_matrix(
        ScopingCase(
            url="/calendar/2027/recompute/",
            missing_url="/calendar/2031/recompute/",
            method="post",
            api=False,
            permitted_status=302,
        ),
        permitted=system_admin,
        other_jurisdiction=other_regulator,
        no_permission=regulator,
    )
    assert permitted["Location"] == "/calendar/"
    event = AuditEvent.objects.get(event_type="core.working_day_clocks_recomputed")
    assert event.actor == system_admin
    assert event.after == {"year": 2027, "clocks_dated": 0}
