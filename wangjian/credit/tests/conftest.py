"""Credit test data: the legal catalogue, the tier model and a few Yangpu entities."""

import datetime as dt

import pytest

from wangjian.core.legal_catalogue import load_legal_catalogue
from wangjian.credit.tiers import load_tier_models
from wangjian.registry.tests.factories import make_entity, make_uscc

AS_OF = dt.date(2026, 10, 31)


@pytest.fixture
def catalogue(db):
    load_legal_catalogue(actor=None)
    load_tier_models(actor=None)


@pytest.fixture
def entities(divisions, catalogue):
    def entity(n, name, established_on, representative="", division="wujiaochang"):
        return make_entity(
            make_uscc("91310110", f"MA1G{n:04d}"),
            name,
            divisions[division],
            established_on=established_on,
            legal_representative=representative,
        )

    return {
        "alpha": entity(1, "上海甲商贸有限公司", dt.date(2010, 5, 1), "赵一"),
        "beta": entity(2, "上海乙网络科技有限公司", dt.date(2026, 3, 1), "钱二"),
        "gamma": entity(3, "上海丙食品有限公司", dt.date(2015, 1, 1), "孙三"),
        "delta": entity(4, "上海丁电子商务有限公司", dt.date(2018, 1, 1), "李四"),
        "epsilon": entity(5, "上海戊贸易有限公司", dt.date(2019, 1, 1), "李四"),
        "pudong": entity(6, "上海浦东己有限公司", dt.date(2019, 1, 1), "周六", "pudong"),
    }
