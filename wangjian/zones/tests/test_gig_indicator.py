"""灵活就业人员登记为个体工商户数 on the indicator board (杨浦区方案 任务16)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from wangjian.registry.actions import register_platform
from wangjian.registry.tests.factories import make_entity, make_uscc
from wangjian.services.models import GigApplication, GigBatch
from wangjian.zones.indicators import COMPUTED_INDICATORS, registered_gig_workers_in_zone
from wangjian.zones.programmes import INDICATOR_FILE, _read_yaml

pytestmark = pytest.mark.django_db


def application(batch, number, state, entity=None, decided_on=None):
    return GigApplication.objects.create(
        batch=batch,
        row_number=number,
        applicant_name=f"张{number}",
        business_name=f"个体户{number}",
        shop_id=f"W{number}",
        state=state,
        entity=entity,
        decided_on=decided_on,
    )


def test_registered_gig_workers_equal_a_hand_count(divisions):
    operator = make_entity(make_uscc("91310110", "MA1H0100"), "上海众包平台", divisions["yangpu"])
    platform = register_platform(
        actor=None, entity=operator, name="众包骑手平台", division=divisions["yangpu"]
    )
    batch = GigBatch.objects.create(platform=platform, file_name="t.csv", content_sha256="0" * 64)
    day = dt.date(2026, 11, 2)

    def worker(number, division, status="active"):
        entity = make_entity(
            make_uscc("92310110", f"GW0000{number:02d}"), f"个体户{number}", division
        )
        if status != "active":
            entity.status = status
            entity.save(update_fields=["status"])
        return entity

    # By hand: counted are rows 1 (杨浦区), 2 (五角场街道, inside 杨浦区).
    application(batch, 1, "approved", worker(1, divisions["yangpu"]), day)
    application(batch, 2, "approved", worker(2, divisions["wujiaochang"]), day)
    # Not counted: deregistered (3), in 浦东新区 (4), approved after the day (5), pending (6),
    # refused (7), invalid (8).
    application(batch, 3, "approved", worker(3, divisions["yangpu"], "deregistered"), day)
    application(batch, 4, "approved", worker(4, divisions["zhangjiang"]), day)
    application(batch, 5, "approved", worker(5, divisions["yangpu"]), dt.date(2026, 12, 2))
    application(batch, 6, "pending")
    application(batch, 7, "refused", decided_on=day)
    application(batch, 8, "invalid")

    yangpu = SimpleNamespace(division=divisions["yangpu"])
    figure = registered_gig_workers_in_zone(yangpu, today=dt.date(2026, 12, 1))
    assert (figure.value, figure.period) == (2, "截至2026-12-01")
    assert registered_gig_workers_in_zone(yangpu, today=dt.date(2026, 12, 2)).value == 3
    pudong = SimpleNamespace(division=divisions["pudong"])
    assert registered_gig_workers_in_zone(pudong, today=dt.date(2026, 12, 1)).value == 1


def test_the_indicator_is_in_the_catalogue_with_the_plan_task_as_basis():
    entry = next(
        e for e in _read_yaml(INDICATOR_FILE)["indicators"] if e["key"] == "registered_gig_workers"
    )
    assert (entry["name"], entry["kind"], entry["basis"]) == (
        "灵活就业人员登记为个体工商户数",
        "computed",
        "yangpu-plan-2023:task16",
    )
    assert COMPUTED_INDICATORS[entry["function"]] is registered_gig_workers_in_zone
