import pytest

from wangjian.complaints.tests.factories import make_world
from wangjian.core.actions.reference_data import load_legal_catalogue


@pytest.fixture
def legal(db):
    load_legal_catalogue()


@pytest.fixture
def world(divisions, legal):
    return make_world(divisions)


@pytest.fixture
def platform_user(world):
    from wangjian.registry.tests.factories import make_platform_user

    return make_platform_user(world["platform"])


@pytest.fixture
def shop_merchant(world):
    """The merchant account of the Yangpu shop's operator (甲乙食品)."""
    from wangjian.core.choices import Role
    from wangjian.core.tests.factories import make_user
    from wangjian.registry.models import MerchantAccount

    user = make_user("food_merchant", Role.MERCHANT)
    MerchantAccount.objects.create(user=user, entity=world["food"])
    return user


@pytest.fixture
def year_2027(system_admin):
    """A test table for 2027 (the bundled calendar ends in 2026): 1 January off."""
    import datetime as dt

    from wangjian.core.actions.calendar import enter_working_day_year

    enter_working_day_year(
        actor=system_admin,
        year=2027,
        source_document="测试用年度工作日表",
        published_on=dt.date(2026, 11, 1),
        days=[(dt.date(2027, 1, 1), False, "元旦")],
    )
