"""协查 test world: Yangpu, Pudong and Hongkou bureaus, the Shanghai bureau with a province
administrator, a Zhejiang bureau (another province), and the two-shop register."""

import datetime as dt

import pytest
from django.utils import timezone

from wangjian.core.choices import DivisionLevel, Role
from wangjian.core.tests.factories import make_division, make_org_unit, make_user
from wangjian.registry.models import Referral, Submission
from wangjian.registry.tests.factories import make_two_shop_register


@pytest.fixture
def world(divisions):
    return make_two_shop_register(divisions)


@pytest.fixture
def hongkou_regulator(divisions):
    hongkou = make_division("310109", "虹口区", DivisionLevel.COUNTY, divisions["municipal"])
    unit = make_org_unit("上海市虹口区市场监督管理局", hongkou)
    return make_user("hk_regulator", Role.REGULATOR, unit)


@pytest.fixture
def province_admin(divisions):
    unit = make_org_unit("上海市市场监督管理局", divisions["shanghai"])
    return make_user("sh_admin", Role.PROVINCE_ADMIN, unit)


@pytest.fixture
def zhejiang_bureau(divisions):
    zhejiang = make_division("330000", "浙江省", DivisionLevel.PROVINCE, divisions["country"])
    hangzhou = make_division("330100", "杭州市", DivisionLevel.CITY, zhejiang)
    yuhang = make_division("330110", "余杭区", DivisionLevel.COUNTY, hangzhou)
    return make_org_unit("杭州市余杭区市场监督管理局", yuhang)


@pytest.fixture
def partner_user(divisions):
    from wangjian.core.choices import OrgUnitKind

    unit = make_org_unit("杨浦区商务委员会", divisions["yangpu"], OrgUnitKind.PARTNER)
    return make_user("yp_commerce", Role.PARTNER_DEPARTMENT, unit)


@pytest.fixture
def referral(world, divisions):
    submission = Submission.objects.create(
        platform=world["platform"],
        period="2026-H1",
        channel="upload",
        file_name="report.csv",
        file_format="csv",
        content_hash="0" * 64,
        division=divisions["yangpu"],
        state="committed",
    )
    return Referral.objects.create(
        shop=world["pudong_shop"],
        submission=submission,
        division=divisions["yangpu"],
        target_division=divisions["zhangjiang"],
        address=world["pudong_shop"].address,
        created_on=dt.date(2026, 7, 20),
    )


def make_pudong_evidence(collector, bundle_id="EV-2026-000001"):
    from wangjian.evidence.models import EvidenceItem

    now = timezone.now()
    return EvidenceItem.objects.create(
        bundle_id=bundle_id,
        division=collector.jurisdiction,
        collected_by=collector,
        url="https://shop.haowu.example/s/002",
        title="张江美妆专营店 首页",
        captured_at=now,
        sealed_at=now,
        manifest_sha256="a" * 64,
        manifest_sm3="b" * 64,
        log_index=1,
    )


@pytest.fixture
def catalogue(db):
    from wangjian.core.actions.reference_data import load_legal_catalogue
    from wangjian.credit.actions.tier_models import load_tier_models

    load_legal_catalogue(actor=None)
    load_tier_models(actor=None)


@pytest.fixture
def tax_partner(divisions, catalogue):
    """杨浦区税务局, registered as a 税务 partner department, and its officer."""
    from wangjian.collaboration.actions import register_partner_department
    from wangjian.core.choices import OrgUnitKind

    unit = make_org_unit("国家税务总局上海市杨浦区税务局", divisions["yangpu"], OrgUnitKind.PARTNER)
    register_partner_department(actor=None, org_unit=unit, department="tax")
    return make_user("yp_tax", Role.PARTNER_DEPARTMENT, unit)


@pytest.fixture
def pudong_tax_partner(divisions, catalogue):
    from wangjian.collaboration.actions import register_partner_department
    from wangjian.core.choices import OrgUnitKind

    unit = make_org_unit(
        "国家税务总局上海市浦东新区税务局", divisions["pudong"], OrgUnitKind.PARTNER
    )
    register_partner_department(actor=None, org_unit=unit, department="tax")
    return make_user("pd_tax", Role.PARTNER_DEPARTMENT, unit)


@pytest.fixture
def serious_entry(world, catalogue, section_chief):
    """上海杨浦甲乙食品有限公司 on the 严重违法失信名单 since 2025-03-28."""
    from wangjian.credit import actions as credit

    entity = world["food"]
    penalty = credit.record_credit_event(
        actor=None,
        entity=entity,
        kind="penalty",
        occurred_on=dt.date(2025, 3, 3),
        legal_basis="ecommerce-law-2018:77",
        summary="组织虚假交易，从重罚款",
        source_app="enforcement",
        source_type="decision",
        source_id="沪市监杨处〔2025〕1号",
        severity="heavy",
    )
    entry = credit.notify_listing(
        actor=None,
        entity=entity,
        list_kind="serious",
        ground="组织虚假交易",
        ground_basis="serious-violation-list-measures-2021:2",
        notified_on=dt.date(2025, 3, 10),
        penalty_event=penalty,
    )
    return credit.decide_listing(
        actor=None, entry=entry, listed=True, decided_on=dt.date(2025, 3, 28)
    )
