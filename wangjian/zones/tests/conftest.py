"""Zhejiang actors for the zones tests: 浙江省局, 杭州市局, 余杭区局 and an evaluator body."""

import pytest

from wangjian.core.choices import DivisionLevel, OrgUnitKind, Role
from wangjian.core.tests.factories import make_division, make_org_unit, make_user
from wangjian.zones.actions.programmes import load_indicators, load_programmes


@pytest.fixture
def zhejiang(divisions):
    province = make_division("330000", "浙江省", DivisionLevel.PROVINCE, divisions["country"])
    hangzhou = make_division("330100", "杭州市", DivisionLevel.CITY, province)
    ningbo = make_division("330200", "宁波市", DivisionLevel.CITY, province)
    return {
        "province": province,
        "hangzhou": hangzhou,
        "yuhang": make_division("330110", "余杭区", DivisionLevel.COUNTY, hangzhou),
        "xihu": make_division("330106", "西湖区", DivisionLevel.COUNTY, hangzhou),
        "ningbo": ningbo,
        "yinzhou": make_division("330212", "鄞州区", DivisionLevel.COUNTY, ningbo),
    }


@pytest.fixture
def programme(zhejiang):
    from wangjian.zones.models import Programme

    load_programmes(actor=None)
    load_indicators(actor=None)
    return Programme.objects.get(key="zj-zone-programme-2017")


@pytest.fixture
def applicant(zhejiang):
    unit = make_org_unit("杭州市余杭区市场监督管理局", zhejiang["yuhang"])
    return make_user("yh_chief", Role.SECTION_CHIEF, unit, display_name="余杭科长")


@pytest.fixture
def other_applicant(zhejiang):
    unit = make_org_unit("杭州市西湖区市场监督管理局", zhejiang["xihu"])
    return make_user("xh_chief", Role.SECTION_CHIEF, unit)


@pytest.fixture
def city_bureau(zhejiang):
    unit = make_org_unit("杭州市市场监督管理局", zhejiang["hangzhou"])
    return make_user("hz_chief", Role.SECTION_CHIEF, unit, display_name="杭州科长")


@pytest.fixture
def other_city_bureau(zhejiang):
    unit = make_org_unit("宁波市市场监督管理局", zhejiang["ningbo"])
    return make_user("nb_chief", Role.SECTION_CHIEF, unit)


@pytest.fixture
def province_admin(zhejiang):
    unit = make_org_unit("浙江省市场监督管理局", zhejiang["province"])
    return make_user("zj_admin", Role.PROVINCE_ADMIN, unit, display_name="省局管理员")


@pytest.fixture
def shanghai_admin(divisions):
    unit = make_org_unit("上海市市场监督管理局", divisions["shanghai"])
    return make_user("sh_admin", Role.PROVINCE_ADMIN, unit)


@pytest.fixture
def evaluator_unit(zhejiang):
    return make_org_unit("浙江省网商协会", zhejiang["province"], OrgUnitKind.EVALUATOR)


@pytest.fixture
def evaluator(evaluator_unit):
    return make_user("zj_evaluator", Role.EVALUATOR, evaluator_unit, display_name="评估专家")


@pytest.fixture
def other_evaluator(zhejiang):
    unit = make_org_unit("另一评估机构", zhejiang["province"], OrgUnitKind.EVALUATOR)
    return make_user("other_evaluator", Role.EVALUATOR, unit)
