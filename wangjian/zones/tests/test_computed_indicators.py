import datetime as dt
from types import SimpleNamespace

import pytest

from wangjian.registry.actions import import_submission
from wangjian.registry.tests.factories import FIXTURES, make_fixture_register
from wangjian.zones.indicators import online_operator_growth, online_operators_in_zone


def submit(register, name: str, today: dt.date, period: str):
    return import_submission(
        actor=None,
        platform=register["platform"],
        file_name=name,
        content=(FIXTURES / name).read_bytes(),
        period=period,
        channel="upload",
        today=today,
    )


@pytest.mark.django_db
def test_online_operators_and_their_growth_come_from_the_platform_submissions(divisions):
    register = make_fixture_register(divisions)
    submit(register, "submission_2026h1.csv", dt.date(2026, 1, 15), "2026H1")
    second = submit(register, "submission_2026h2.csv", dt.date(2026, 7, 15), "2026H2")
    assert second.submission.diff["exited"] == ["S006"]
    yangpu = SimpleNamespace(division=divisions["yangpu"])
    pudong = SimpleNamespace(division=divisions["pudong"])

    # Of the five shops committed a year before, S007 operates in 浦东新区; in 杨浦区 one (S006)
    # exited and one (S010) opened since, so the count stands at four.
    assert online_operators_in_zone(yangpu, today=dt.date(2027, 1, 20)).value == 4
    growth = online_operator_growth(yangpu, today=dt.date(2027, 1, 20))
    assert growth.value == 0.0
    assert growth.period == "2026-01-20至2027-01-20"
    assert online_operators_in_zone(pudong, today=dt.date(2027, 1, 20)).value == 1
    # No shops a year before the first submission: no base, no growth figure.
    assert online_operator_growth(yangpu, today=dt.date(2026, 12, 1)) is None
