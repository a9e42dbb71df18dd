"""Services test data: the legal catalogue, a loopback TSA and temporary keys, and two Yangpu
entities: one with a penalty and a repaired 经营异常名录 entry, one with a clean record."""

import datetime as dt

import pytest

from wangjian.core.actions.reference_data import load_legal_catalogue
from wangjian.core.choices import Role
from wangjian.core.tests.factories import make_user
from wangjian.credit import actions as credit
from wangjian.evidence.bundle.local_tsa import LocalTimestampAuthority
from wangjian.registry.actions import link_merchant_account, register_platform
from wangjian.registry.models import OnlineShop
from wangjian.registry.tests.factories import make_entity, make_platform_user, make_uscc
from wangjian.services.actions.gig import decide_gig_application, file_gig_batch
from wangjian.services.models import IndustryAssociation
from wangjian.services.tests.gig_data import row


@pytest.fixture(scope="session")
def local_tsa():
    with LocalTimestampAuthority() as authority:
        yield authority


@pytest.fixture
def signing(tmp_path, monkeypatch, local_tsa):
    """This run's TSA, a fresh platform key and a temporary evidence directory."""
    roots = tmp_path / "tsa-roots.pem"
    roots.write_text(local_tsa.pki.root_pem())
    monkeypatch.setenv("WANGJIAN_TSA_URL", local_tsa.url)
    monkeypatch.setenv("WANGJIAN_TSA_ROOTS", str(roots))
    monkeypatch.setenv("WANGJIAN_EVIDENCE_DIR", str(tmp_path / "evidence"))
    monkeypatch.setenv("WANGJIAN_EVIDENCE_KEY_FILE", str(tmp_path / "key.pem"))
    return tmp_path


@pytest.fixture
def catalogue(db):
    load_legal_catalogue(actor=None)


@pytest.fixture
def entities(divisions, catalogue):
    penalised = make_entity(
        make_uscc("91310110", "MA1H0001"),
        "上海甲服务贸易有限公司",
        divisions["wujiaochang"],
        established_on=dt.date(2012, 5, 1),
        legal_representative="赵一",
        address="上海市杨浦区国定路1号",
        registration_authority="上海市杨浦区市场监督管理局",
        business_scope="日用百货销售",
    )
    clean = make_entity(
        make_uscc("91310110", "MA1H0002"),
        "上海乙清洁科技有限公司",
        divisions["dinghai"],
        established_on=dt.date(2016, 3, 1),
        legal_representative="钱二",
    )
    pudong = make_entity(
        make_uscc("91310115", "MA1H0003"),
        "上海浦东丙有限公司",
        divisions["zhangjiang"],
        established_on=dt.date(2018, 1, 1),
    )
    penalty = credit.record_credit_event(
        actor=None,
        entity=penalised,
        kind="penalty",
        occurred_on=dt.date(2025, 3, 10),
        legal_basis="price-law-1997:13",
        summary="未明码标价，罚款五千元",
        source_app="test",
        source_type="decision",
        source_id="沪市监杨处〔2025〕12号",
        severity="ordinary",
        details={"decision_number": "沪市监杨处〔2025〕12号"},
    )
    entry = credit.notify_listing(
        actor=None,
        entity=penalised,
        list_kind="abnormal",
        ground="未按规定期限公示年度报告",
        ground_basis="abnormal-operation-list-measures-2014:4",
        notified_on=dt.date(2025, 7, 1),
    )
    credit.decide_listing(actor=None, entry=entry, listed=True, decided_on=dt.date(2025, 8, 1))
    credit.remove_from_list(
        actor=None, entry=entry, removed_on=dt.date(2025, 10, 15), reason="cured", note="已补报"
    )
    entry.refresh_from_db()
    return {
        "penalised": penalised,
        "clean": clean,
        "pudong": pudong,
        "penalty": penalty,
        "entry": entry,
    }


@pytest.fixture
def merchant_user(entities):
    user = make_user("merchant_jia", Role.MERCHANT, display_name="甲公司经办人")
    link_merchant_account(actor=None, user=user, entity=entities["penalised"])
    return user


@pytest.fixture
def other_merchant(entities):
    user = make_user("merchant_yi", Role.MERCHANT)
    link_merchant_account(actor=None, user=user, entity=entities["clean"])
    return user


# Gig workers: a Yangpu delivery platform with four workers' shops, its account, and one
# registered worker.


@pytest.fixture
def platform(divisions, catalogue, signing):
    operator = make_entity(
        make_uscc("91310110", "MA1H0100"),
        "上海众包网络科技有限公司",
        divisions["yangpu"],
        address="上海市杨浦区政通路100号",
    )
    platform = register_platform(
        actor=None, entity=operator, name="众包骑手平台", division=divisions["yangpu"]
    )
    for n in range(1, 5):
        OnlineShop.objects.create(
            platform=platform,
            shop_id=f"W{n:04d}",
            name=f"骑手{n}",
            url=f"https://rider.example.cn/{n}",
            operator_kind="natural_person",
            operator_name=f"张{n}",
            exemption_ground="convenience_service",
            address="上海市杨浦区政通路100号",
            division=divisions["yangpu"],
            first_seen_on=dt.date(2026, 11, 1),
            last_seen_on=dt.date(2026, 11, 1),
        )
    return platform


@pytest.fixture
def platform_user(platform):
    return make_platform_user(platform, "rider_platform")


@pytest.fixture
def registered(platform, platform_user, regulator):
    batch, _ = file_gig_batch(actor=platform_user, platform=platform, rows=[row(1)])
    return decide_gig_application(
        actor=regulator, application=batch.applications.get(), approve=True
    )


# IP and quality services: a partner body's account in Yangpu, the monitoring world (a Yangpu
# shop S-001 and a Pudong shop S-002 on 好物商城).


@pytest.fixture
def partner(yangpu_bureau, divisions):
    from wangjian.core.choices import OrgUnitKind
    from wangjian.core.tests.factories import make_org_unit

    unit = make_org_unit("杨浦区质量技术服务中心", divisions["yangpu"], kind=OrgUnitKind.PARTNER)
    return make_user("quality_centre", Role.PARTNER_DEPARTMENT, unit, display_name="质量中心")


@pytest.fixture
def world(divisions, catalogue):
    from wangjian.monitoring.tests.factories import make_monitoring_world

    return make_monitoring_world(divisions)


# Industry associations: 杨浦区网商协会 with its account, and a Pudong association's account.


@pytest.fixture
def association(divisions):
    return IndustryAssociation.objects.create(
        name="杨浦区网商协会", division=divisions["yangpu"], description="区内网络经营者的行业组织"
    )


@pytest.fixture
def association_user(association):
    user = make_user("wangshang_xiehui", Role.INDUSTRY_ASSOCIATION, display_name="网商协会秘书处")
    association.accounts.add(user)
    return user


@pytest.fixture
def other_association_user(divisions):
    other = IndustryAssociation.objects.create(name="浦东电商协会", division=divisions["pudong"])
    user = make_user("pudong_xiehui", Role.INDUSTRY_ASSOCIATION)
    other.accounts.add(user)
    return user
