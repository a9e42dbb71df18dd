import pytest
from django.test import Client

from wangjian.core.legal_catalogue import load_legal_catalogue
from wangjian.core.models import AuditEvent, WorkingDayYear

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
