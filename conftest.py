"""Role × jurisdiction actors shared by every app's tests, and the suite's clock."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from wangjian.core.choices import OrgUnitKind, Role
from wangjian.core.tests.factories import make_org_unit, make_shanghai_tree, make_user

# Deadlines are counted on the working-day calendar, which covers only the years whose holiday
# notice has been published (wangjian refuses to guess the others). Actions that start a clock
# "today" would therefore fail on a real date whose deadlines reach an uncovered year (mid
# December onwards, until the next notice is entered). The suite runs on one fixed day instead,
# with the clock ticking from it, so it passes the same on any day it is run; tests about
# uncovered years name their dates.
SUITE_TODAY = dt.datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# Speed belongs in bench/, never in a test's verdict: Hypothesis's per-example deadline and its
# too-slow health check would make a property test fail on a loaded machine, not on a wrong
# answer.
hypothesis_settings.register_profile(
    "wangjian", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("wangjian")


@pytest.fixture(autouse=True, scope="session")
def suite_clock():
    with time_machine.travel(SUITE_TODAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language. A request with Accept-Language: en
    leaves English active in the thread (LocaleMiddleware activates and never restores), which
    would make a later test's messages English depending on test order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def divisions(db):
    return make_shanghai_tree()


@pytest.fixture
def yangpu_bureau(divisions):
    return make_org_unit("上海市杨浦区市场监督管理局", divisions["yangpu"])


@pytest.fixture
def pudong_bureau(divisions):
    return make_org_unit("上海市浦东新区市场监督管理局", divisions["pudong"])


@pytest.fixture
def wujiaochang_station(divisions, yangpu_bureau):
    return make_org_unit(
        "五角场市场监督管理所", divisions["wujiaochang"], OrgUnitKind.STATION, yangpu_bureau
    )


@pytest.fixture
def regulator(yangpu_bureau):
    return make_user("yp_regulator", Role.REGULATOR, yangpu_bureau, display_name="杨监管")


@pytest.fixture
def section_chief(yangpu_bureau):
    return make_user("yp_chief", Role.SECTION_CHIEF, yangpu_bureau, display_name="杨科长")


@pytest.fixture
def system_admin(yangpu_bureau):
    return make_user("yp_admin", Role.SYSTEM_ADMIN, yangpu_bureau)


@pytest.fixture
def other_regulator(pudong_bureau):
    return make_user("pd_regulator", Role.REGULATOR, pudong_bureau)


@pytest.fixture
def other_section_chief(pudong_bureau):
    return make_user("pd_chief", Role.SECTION_CHIEF, pudong_bureau)


@pytest.fixture
def consumer(db):
    return make_user("consumer1", Role.CONSUMER)


@pytest.fixture
def merchant(db):
    return make_user("merchant1", Role.MERCHANT)
