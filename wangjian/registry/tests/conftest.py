import datetime as dt

import pytest

from wangjian.registry.tests.factories import make_fixture_register, make_platform_user

# The fixture files are dated for the first half of 2026; tests pin "today" so the turnover
# threshold and licence validity that apply are the ones the expectations were written for.
FIRST_HALF = dt.date(2026, 1, 15)
SECOND_HALF = dt.date(2026, 7, 15)


@pytest.fixture
def register(divisions):
    return make_fixture_register(divisions)


@pytest.fixture
def platform_user(register):
    return make_platform_user(register["platform"])
