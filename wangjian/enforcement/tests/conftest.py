"""Enforcement test data: the two-shop register, a Yangpu reviewer, a third bureau (Xuhui)."""

import datetime as dt

import pytest

from wangjian.core.choices import DivisionLevel, Role
from wangjian.core.tests.factories import make_division, make_org_unit, make_user

# 行政检查 fixtures (test_field_inspection_*.py).
from wangjian.credit.tests.conftest import catalogue, entities  # noqa: F401
from wangjian.inspections.tests.conftest import items, officers, started  # noqa: F401


@pytest.fixture
def legal(db):
    from wangjian.core.actions.reference_data import load_legal_catalogue

    load_legal_catalogue()


@pytest.fixture
def world(divisions, legal):
    from wangjian.registry.tests.factories import make_two_shop_register

    return make_two_shop_register(divisions)


@pytest.fixture
def reviewer(yangpu_bureau):
    return make_user("yp_reviewer", Role.REGULATOR, yangpu_bureau, display_name="杨审核")


@pytest.fixture
def xuhui_regulator(divisions):
    xuhui = make_division("310104", "徐汇区", DivisionLevel.COUNTY, divisions["municipal"])
    bureau = make_org_unit("上海市徐汇区市场监督管理局", xuhui)
    return make_user("xh_regulator", Role.REGULATOR, bureau, display_name="徐监管")


@pytest.fixture
def year_2027(system_admin):
    """A test table for 2027 (the bundled calendar ends in 2026): 1 January off."""
    from wangjian.core.actions.calendar import enter_working_day_year

    enter_working_day_year(
        actor=system_admin,
        year=2027,
        source_document="测试用年度工作日表",
        published_on=dt.date(2026, 11, 1),
        days=[(dt.date(2027, 1, 1), False, "元旦")],
    )


@pytest.fixture
def complaint(divisions, catalogue):  # noqa: F811
    """A complaint received in Yangpu, the source of a 行政检查."""
    from wangjian.complaints.tests.factories import file

    return file(divisions["yangpu"], on=dt.date(2026, 11, 25)).records[0]
