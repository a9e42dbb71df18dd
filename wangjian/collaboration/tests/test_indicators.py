"""数字经济监测指标: a round for 2026Q4 counts the computed indicators, the owner department
enters its value (late after the due date), another department cannot; pages scoped."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from wangjian.collaboration import actions
from wangjian.collaboration.error_codes import CollaborationNotPermitted
from wangjian.collaboration.models import IndicatorValue
from wangjian.core.choices import OrgUnitKind, Role
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_org_unit, make_user


@pytest.fixture
def commerce(divisions, catalogue):
    unit = make_org_unit("杨浦区商务委员会", divisions["yangpu"], OrgUnitKind.PARTNER)
    actions.register_partner_department(actor=None, org_unit=unit, department="commerce")
    return make_user("yp_commerce2", Role.PARTNER_DEPARTMENT, unit)


@pytest.fixture
def round_q4(section_chief, world):
    from wangjian.complaints.models import Complaint

    for n, day in enumerate((dt.date(2026, 10, 3), dt.date(2026, 11, 9), dt.date(2026, 9, 30))):
        Complaint.objects.create(
            receipt_number=f"TS-IND-{n}",
            kind="complaint",
            channel="web_form",
            received_on=day,
            rule_version="test",
            respondent_name="某店",
            facts="x",
            received_by=world["food"].division,
            division=world["food"].division,
        )
    return actions.open_round(actor=section_chief, period="2026q4")


def value(round_, key):
    return IndicatorValue.objects.get(round=round_, indicator=key)


def test_round_counts_the_computed_indicators(round_q4):
    assert round_q4.period == "2026Q4"
    assert round_q4.due_on == dt.date(2027, 1, 15)
    # The two-shop register: one shop in Yangpu (S-001), first seen 2025-01-01.
    assert value(round_q4, "online_shops").value == Decimal("1.00")
    assert value(round_q4, "complaints_received").value == Decimal("2.00")
    assert value(round_q4, "monitoring_findings").value == Decimal("0.00")
    assert value(round_q4, "online_shops").computed is True


def test_owner_department_enters_and_late_is_flagged(round_q4, commerce, tax_partner):
    row = actions.enter_value(
        actor=commerce, round=round_q4, indicator="online_retail_sales", value="12.5"
    )
    assert (row.value, row.is_late, row.unit) == (Decimal("12.50"), False, commerce.org_unit)
    with pytest.raises(CollaborationNotPermitted):
        actions.enter_value(
            actor=tax_partner, round=round_q4, indicator="online_retail_sales", value="1"
        )
    with pytest.raises(ValidationError) as bad:
        actions.enter_value(
            actor=commerce, round=round_q4, indicator="online_retail_sales", value="十二"
        )
    assert bad.value.field == "value"
    with pytest.raises(ValidationError) as computed:
        actions.enter_value(actor=commerce, round=round_q4, indicator="online_shops", value="3")
    assert computed.value.field == "indicator"
    late_day = dt.datetime(2027, 1, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(late_day, tick=False):
        corrected = actions.enter_value(
            actor=commerce, round=round_q4, indicator="online_retail_sales", value="13"
        )
    assert (corrected.value, corrected.is_late) == (Decimal("13.00"), True)
    assert IndicatorValue.objects.filter(indicator="online_retail_sales").count() == 1


def test_a_round_opens_once_and_not_before_its_quarter(round_q4, section_chief):
    with pytest.raises(ValidationError):
        actions.open_round(actor=section_chief, period="2026Q4")
    with pytest.raises(ValidationError):
        actions.open_round(actor=section_chief, period="2027Q1")
    with pytest.raises(ValidationError):
        actions.open_round(actor=section_chief, period="Q4-2026")


def test_indicator_pages_are_scoped(round_q4, commerce, regulator, other_regulator, consumer):
    case = ScopingCase(
        f"/collaboration/indicators/{round_q4.pk}/", "/collaboration/indicators/999999/", api=False
    )
    for permitted in (regulator, commerce):
        page = assert_scoping_matrix(
            case, permitted=permitted, other_jurisdiction=other_regulator, no_permission=consumer
        )
        assert "网络零售额" in page.content.decode()
    post = ScopingCase(
        f"/collaboration/indicators/{round_q4.pk}/",
        "/collaboration/indicators/999999/",
        method="post",
        data={"indicator": "online_retail_sales", "value": "8"},
        api=False,
        permitted_status=302,
    )
    assert_scoping_matrix(
        post, permitted=commerce, other_jurisdiction=other_regulator, no_permission=consumer
    )
    assert value(round_q4, "online_retail_sales").value == Decimal("8.00")
    client = Client()
    client.force_login(regulator)
    trend = client.get("/collaboration/indicators/").content.decode()
    assert "2026Q4" in trend
    assert "方案未设定量化目标" in trend


def test_trend_charts_scale_to_the_series_without_a_target(round_q4, section_chief):
    from django.test import Client

    client = Client()
    client.force_login(section_chief)
    text = client.get("/collaboration/indicators/").content.decode()
    complaints = text.split('data-testid="chart-complaints_received"')[1].split("</section>")[0]
    assert '<meter class="bar" min="0" max="2.00" value="2.00">2.00</meter>' in complaints
    assert "实施方案未设定量化目标，条长相对本序列最大值" in complaints
    retail = text.split('data-testid="chart-online_retail_sales"')[1].split("</section>")[0]
    assert "未填报" in retail
    assert "<meter" not in retail
    assert "style=" not in text
