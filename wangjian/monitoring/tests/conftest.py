import datetime as dt

import pytest

from wangjian.monitoring.engine.engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()


@pytest.fixture
def legal(db):
    from wangjian.core.actions.reference_data import load_legal_catalogue

    load_legal_catalogue()


@pytest.fixture
def world(divisions, legal):
    from wangjian.monitoring.tests.factories import make_monitoring_world

    return make_monitoring_world(divisions)


@pytest.fixture
def platform_user(world):
    from wangjian.registry.tests.factories import make_platform_user

    return make_platform_user(world["platform"])


@pytest.fixture
def batch(world, regulator):
    from wangjian.monitoring.tests.factories import feed_batch

    return feed_batch(regulator, world)


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
