"""Inspection test data: Yangpu entities with tiers, four Yangpu officers, one in Pudong."""

import datetime as dt
import hashlib

import pytest

from wangjian.core.choices import Role
from wangjian.core.tests.factories import make_user
from wangjian.credit.tests.conftest import AS_OF, catalogue, entities, golden  # noqa: F401
from wangjian.inspections import actions
from wangjian.inspections.actions.items import load_items
from wangjian.inspections.models import InspectionItem

SEED = "杨浦区局科长保管的种子-2026Q4"
SOURCES = [
    {"name": "中国福利彩票双色球第2026135期", "date": "2026-11-19"},
    {"name": "上证综合指数2026-11-20收盘", "date": "2026-11-20"},
]
VALUES = [[3, 9, 14, 21, 27, 30, 11], [3371.52]]


@pytest.fixture
def items(catalogue):  # noqa: F811
    load_items(actor=None)
    return list(InspectionItem.objects.filter(code__in=["WJ-01", "WJ-02"]))


@pytest.fixture
def officers(yangpu_bureau, pudong_bureau, section_chief):
    names = ["甲执法", "乙执法", "丙执法", "丁执法"]
    result = []
    for n, name in enumerate(names):
        user = make_user(f"officer{n}", Role.REGULATOR, yangpu_bureau, display_name=name)
        result.append(
            actions.register_inspector(
                actor=section_chief,
                user=user,
                certificate_number=f"31011000{n:02d}",
                certificate_valid_until=dt.date(2028, 12, 31),
            )
        )
    pudong_user = make_user("pd_officer", Role.REGULATOR, pudong_bureau, display_name="浦东执法")
    actions.register_inspector(
        actor=None,
        user=pudong_user,
        certificate_number="3101150001",
        certificate_valid_until=dt.date(2028, 12, 31),
    )
    return result


@pytest.fixture
def tiers(golden):  # noqa: F811
    from wangjian.credit.actions import recompute_tiers

    return recompute_tiers(actor=None, as_of=AS_OF)


@pytest.fixture
def plan(section_chief, divisions, items, officers, tiers):
    return actions.create_plan(
        actor=section_chief,
        title="2026年杨浦区网络交易双随机抽查",
        division=divisions["yangpu"],
        year=2026,
        items=items,
        on=dt.date(2026, 11, 2),
    )


@pytest.fixture
def drawn_plan(plan, section_chief, officers, entities):  # noqa: F811
    actions.declare_recusal(
        actor=section_chief,
        inspector=officers[0],
        entity=entities["alpha"],
        reason="relative",
        declared_on=dt.date(2026, 11, 1),
    )
    actions.commit_plan(
        actor=section_chief,
        plan=plan,
        sources=SOURCES,
        seed_commitment=hashlib.sha256(SEED.encode()).hexdigest(),
        on=dt.date(2026, 11, 3),
    )
    return actions.draw_plan(
        actor=section_chief, plan=plan, source_values=VALUES, seed=SEED, on=dt.date(2026, 11, 20)
    )


# 行政检查 (test_field*.py)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def started(regulator, entities, items, officers):  # noqa: F811
    """A 行政检查 started from the entity's profile (other sources: enforcement's tests, which
    may use the apps above inspections)."""
    return actions.start_field_inspection(
        actor=regulator,
        entity=entities["alpha"],
        source_type="profile",
        source_id=entities["alpha"].pk,
        items=items,
        inspectors=officers[:2],
    )
