"""Credit test data: the legal catalogue, the tier model and a few Yangpu entities."""

import datetime as dt

import pytest

from wangjian.core.actions.reference_data import load_legal_catalogue
from wangjian.credit import actions
from wangjian.credit.actions.tier_models import load_tier_models
from wangjian.registry.personal import hash_resident_id
from wangjian.registry.tests.factories import make_entity, make_uscc

AS_OF = dt.date(2026, 10, 31)


@pytest.fixture
def catalogue(db):
    load_legal_catalogue(actor=None)
    load_tier_models(actor=None)


# Invented 居民身份证号码 (valid check characters) of the fixtures' legal representatives.
LI_SI = "310110198001010014"
ANOTHER_LI_SI = "310110199002020024"


@pytest.fixture
def entities(divisions, catalogue):
    def entity(n, name, established_on, representative="", division="wujiaochang", person=""):
        return make_entity(
            make_uscc("91310110", f"MA1G{n:04d}"),
            name,
            divisions[division],
            established_on=established_on,
            legal_representative=representative,
            legal_representative_id_hash=hash_resident_id(person) if person else "",
        )

    return {
        "alpha": entity(1, "上海甲商贸有限公司", dt.date(2010, 5, 1), "赵一"),
        "beta": entity(2, "上海乙网络科技有限公司", dt.date(2026, 3, 1), "钱二"),
        "gamma": entity(3, "上海丙食品有限公司", dt.date(2015, 1, 1), "孙三"),
        # One person, 李四, represents both: the ID number links them, not the name.
        "delta": entity(4, "上海丁电子商务有限公司", dt.date(2018, 1, 1), "李四", person=LI_SI),
        "epsilon": entity(5, "上海戊贸易有限公司", dt.date(2019, 1, 1), "李四", person=LI_SI),
        "pudong": entity(6, "上海浦东己有限公司", dt.date(2019, 1, 1), "周六", "pudong"),
    }


CHIEF = None  # the system records the facts; the scoping of actions is tested elsewhere


def event(entity, kind, on, basis, summary="", severity="", **extra):
    return actions.record_credit_event(
        actor=CHIEF,
        entity=entity,
        kind=kind,
        occurred_on=on,
        legal_basis=basis,
        summary=summary or kind,
        source_app="test",
        severity=severity,
        **extra,
    )


def listed(entity, list_kind, notified_on, decided_on, basis, penalty=None):
    entry = actions.notify_listing(
        actor=CHIEF,
        entity=entity,
        list_kind=list_kind,
        ground="测试列入事由",
        ground_basis=basis,
        notified_on=notified_on,
        penalty_event=penalty,
    )
    return actions.decide_listing(actor=CHIEF, entry=entry, listed=True, decided_on=decided_on)


@pytest.fixture
def golden(entities):
    e = entities
    complaint = "consumer-protection-law-2013:39"
    for day in (dt.date(2026, 5, 10), dt.date(2026, 8, 1), dt.date(2025, 9, 1)):
        event(e["beta"], "complaint", day, complaint)
    event(e["gamma"], "penalty", dt.date(2025, 6, 1), "food-safety-law-2021:34", "", "ordinary")
    for month in range(3, 9):
        event(e["gamma"], "complaint", dt.date(2026, month, 15), complaint)
    listed(
        e["gamma"],
        "abnormal",
        dt.date(2026, 3, 20),
        dt.date(2026, 4, 1),
        "abnormal-operation-list-measures-2014:4.4",
    )
    heavy = event(
        e["delta"], "penalty", dt.date(2026, 2, 10), "ecommerce-law-2018:77", "刷单", "heavy"
    )
    listed(
        e["delta"],
        "serious",
        dt.date(2026, 2, 20),
        dt.date(2026, 3, 10),
        "serious-violation-list-measures-2021:2",
        heavy,
    )
    event(e["epsilon"], "penalty", dt.date(2026, 9, 1), "price-law-1997:13", "", "low")
    event(e["epsilon"], "penalty", dt.date(2025, 1, 1), "price-law-1997:13", "", "low")
    withdrawn = event(
        e["epsilon"], "penalty", dt.date(2026, 6, 1), "price-law-1997:13", "", "ordinary"
    )
    actions.withdraw_credit_event(
        actor=CHIEF, event=withdrawn, withdrawn_on=dt.date(2026, 7, 1), reason="复议撤销"
    )
    event(
        e["epsilon"],
        "spot_check",
        dt.date(2026, 8, 1),
        "random-inspection-notice-2015:2.2",
        "",
        "clear",
    )
    return e
