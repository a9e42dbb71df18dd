"""A fixture district (杨浦区: 五角场街道 and 定海路街道) with rows from every app the board
reads, and a few Pudong rows the Yangpu board must not count. Rows are created directly: the
board reads tables, and the counts below are what a person counts by hand."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from wangjian.core.choices import Role
from wangjian.core.tests.factories import make_org_unit, make_user
from wangjian.registry.tests.factories import make_entity, make_uscc

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def province_admin(divisions):
    unit = make_org_unit("上海市市场监督管理局", divisions["shanghai"])
    return make_user("sh_admin", Role.PROVINCE_ADMIN, unit)


@pytest.fixture
def partner_user(divisions):
    from wangjian.core.choices import OrgUnitKind

    unit = make_org_unit("杨浦区商务委员会", divisions["yangpu"], OrgUnitKind.PARTNER)
    return make_user("yp_commerce", Role.PARTNER_DEPARTMENT, unit)


def _entities(divisions):
    def entity(n, name, division):
        return make_entity(make_uscc("91310110", f"MA1D{n:04d}"), name, divisions[division])

    return {
        "w1": entity(1, "五角场一号商贸有限公司", "wujiaochang"),
        "w2": entity(2, "五角场二号食品有限公司", "wujiaochang"),
        "d1": entity(3, "定海路一号服饰有限公司", "dinghai"),
        "p1": entity(4, "张江一号科技有限公司", "zhangjiang"),
        "d2": entity(5, "定海路二号餐饮有限公司", "dinghai"),
    }


def _findings(divisions, entities):
    from wangjian.monitoring.models import Finding, MonitoredItem, ScanBatch

    counter = iter(range(1, 1000))

    def finding(division, family, month, verdict="violation"):
        n = next(counter)
        batch = ScanBatch.objects.create(
            division=divisions[division], source="upload", content_hash=f"{n:064d}"
        )
        item = MonitoredItem.objects.create(
            batch=batch,
            division=divisions[division],
            external_id=f"item-{n}",
            source_type="listing",
            text="全网最低价",
            fingerprint=f"{n:064x}",
        )
        row = Finding.objects.create(
            item=item,
            batch=batch,
            division=divisions[division],
            rule=f"{family}.rule",
            family=family,
            verdict=verdict,
            start=0,
            end=2,
            match="最低",
            explanation="测试",
            rule_pack="default@test",
        )
        created = dt.datetime(2026, month, 15, 10, 0, tzinfo=SHANGHAI)
        Finding.objects.filter(pk=row.pk).update(created_at=created)
        return row

    return {
        "w_abs_nov": [finding("wujiaochang", "absolute_terms", 11) for _i in range(3)],
        "w_price_nov": [finding("wujiaochang", "price", 11)],
        "w_abs_oct": [finding("wujiaochang", "absolute_terms", 10)],
        "w_exempt": [finding("wujiaochang", "absolute_terms", 11, verdict="exempt")],
        "d_price_nov": [finding("dinghai", "price", 11) for _i in range(2)],
        "p_abs_nov": [finding("zhangjiang", "absolute_terms", 11) for _i in range(4)],
    }


def _clues(divisions, officer):
    from wangjian.monitoring.models import Clue

    counter = iter(range(1, 100))

    def clue(division, state):
        return Clue.objects.create(
            number=f"XS-2026-{next(counter):04d}",
            division=divisions[division],
            summary="测试线索",
            state=state,
            discovered_on=dt.date(2026, 11, 2),
            rules_version="test",
            registered_by=officer,
        )

    return {
        "registered": [clue("wujiaochang", "registered"), clue("wujiaochang", "registered")],
        "referred": [clue("dinghai", "referred")],
        "no_case": [clue("wujiaochang", "no_case")],
        "pudong": [clue("zhangjiang", "referred")],
    }


def _complaints(divisions):
    from wangjian.complaints.models import ClockStep, Complaint

    counter = iter(range(1, 100))

    def complaint(division, category):
        return Complaint.objects.create(
            receipt_number=f"TS-2026-{next(counter):05d}",
            kind="complaint",
            channel="web_form",
            received_on=dt.date(2026, 11, 5),
            rule_version="test",
            respondent_name="某店",
            facts="商品与描述不符",
            category=category,
            received_by=divisions[division],
            division=divisions[division],
        )

    food = [complaint("yangpu", "食品"), complaint("wujiaochang", "食品")]
    clothes = [complaint("yangpu", "服装")]
    pudong = [complaint("pudong", "食品")]

    def step(record, timely):
        ClockStep.objects.create(
            complaint=record,
            step="accept_decision",
            label="受理决定",
            started_on=dt.date(2026, 11, 5),
            due_on=dt.date(2026, 11, 16),
            amount=7,
            status="confirmed",
            completed_on=dt.date(2026, 11, 10),
            timely=timely,
        )

    step(food[0], True)
    step(food[1], False)
    step(clothes[0], True)
    step(pudong[0], False)
    return {"food": food, "clothes": clothes, "pudong": pudong}


def _tiers(entities):
    from wangjian.credit.models import TierAssessment, TierModel, TierRun

    model = TierModel.objects.create(
        key="test",
        version="1",
        title="测试模型",
        effective_on=dt.date(2026, 1, 1),
        content={},
        sha256="0" * 64,
    )
    run = TierRun.objects.create(model=model, kind="monthly", as_of=dt.date(2026, 10, 31))
    old = TierRun.objects.create(model=model, kind="monthly", as_of=dt.date(2026, 9, 30))

    def assess(entity, tier, current=True, on=run):
        return TierAssessment.objects.create(
            run=on, entity=entity, score=10, tier=tier, is_current=current
        )

    return {
        "A": [assess(entities["w1"], "A"), assess(entities["d1"], "A")],
        "C": [assess(entities["w2"], "C")],
        "old": [assess(entities["w2"], "B", current=False, on=old)],
        "pudong": [assess(entities["p1"], "B")],
    }


def _inspections(divisions, entities, section_chief):
    from wangjian.inspections.models import InspectionPlan, InspectionResult, InspectionTask

    plan = InspectionPlan.objects.create(
        title="2026年杨浦区双随机抽查",
        division=divisions["yangpu"],
        year=2026,
        created_by=section_chief,
    )
    results = {}

    def result(key, entity, due, published=None):
        task = InspectionTask.objects.create(plan=plan, entity=entity, stratum="A")
        results[key] = InspectionResult.objects.create(
            task=task,
            outcome="clear",
            outcome_label="未发现问题",
            result_on=dt.date(2026, 10, 20),
            publish_due_on=due,
            published_on=published,
            recorded_by=section_chief,
        )

    result("on_time", entities["w1"], dt.date(2026, 11, 17), dt.date(2026, 11, 10))
    result("late", entities["w2"], dt.date(2026, 11, 17), dt.date(2026, 11, 20))
    result("overdue", entities["d1"], dt.date(2026, 11, 17))
    result("pending", entities["d2"], dt.date(2026, 12, 20))
    return results


def _cases(divisions, entities, clues, officer):
    """Four Yangpu cases and one Pudong case. Dates are relative to today so the alerts'
    precision window (90 days) is judged the same whenever the tests run."""
    from django.utils import timezone

    from wangjian.enforcement.models import Case, Guidance

    today = timezone.localdate()
    counter = iter(range(1, 100))

    def case(entity, division, state, filed_ago=None, outcome="", article="", clue=None):
        n = next(counter)
        return Case.objects.create(
            division=divisions[division],
            source_number=f"AY-2026-{n:04d}",
            number=f"LA-2026-{n:04d}" if filed_ago is not None else "",
            state=state,
            source_kind="clue" if clue else "other",
            clue=clue,
            party_kind="entity",
            entity=entity,
            party_name=entity.name,
            procedure_version="test",
            found_on=today - dt.timedelta(days=40),
            filed_on=None if filed_ago is None else today - dt.timedelta(days=filed_ago),
            outcome=outcome,
            penalty_article=article,
            handler=officer,
            registered_by=officer,
        )

    ad = "《广告法》第五十七条"
    ecommerce = "《电子商务法》第七十七条"
    cases = {
        # Filed 5 days ago, after the alert on 五角场二号 (raised 10 days ago): the alert led to it.
        "penalty": case(
            entities["w2"], "wujiaochang", "decided", 5, "penalty", ad, clues["referred"][0]
        ),
        # Filed 20 days ago, before the alert on 定海路一号: it does not count for the alert.
        "no_penalty_ad": case(entities["d1"], "dinghai", "decided", 20, "no_penalty", ad),
        "no_penalty_ec": case(entities["d2"], "dinghai", "closed", 15, "no_penalty", ecommerce),
        # A case source registered from a clue, not yet filed.
        "verifying": case(entities["w1"], "yangpu", "verifying", clue=clues["registered"][0]),
        "pudong": case(
            entities["p1"], "zhangjiang", "decided", 3, "penalty", ad, clues["pudong"][0]
        ),
    }

    def guidance(kind, division, entity):
        n = next(counter)
        return Guidance.objects.create(
            kind=kind,
            number=f"ZD-2026-{n:04d}",
            division=divisions[division],
            entity=entity,
            recipient_name=entity.name,
            source_kind="other",
            content="请依法规范经营。",
            issued_on=today - dt.timedelta(days=3),
            issued_by=officer,
        )

    guidance_rows = {
        "warning": [
            guidance("warning", "wujiaochang", entities["w1"]),
            guidance("warning", "wujiaochang", entities["w2"]),
        ],
        "reminder": [guidance("reminder", "yangpu", entities["d1"])],
        "pudong": [guidance("warning", "zhangjiang", entities["p1"])],
    }
    return cases, guidance_rows


def _alerts(divisions, entities):
    from django.utils import timezone

    from wangjian.collaboration.models import RiskAlert

    raised = timezone.localdate() - dt.timedelta(days=10)

    def alert(entity, state, clue_number=""):
        return RiskAlert.objects.create(
            entity=entity,
            division=entity.division,
            rules_version="test",
            score=60,
            reasons=[{"signal": "list_entry", "label": "在名单中", "weight": 30, "reason": "x"}],
            state=state,
            raised_on=raised,
            updated_on=raised,
            clue_number=clue_number,
        )

    return {
        "open": [alert(entities["w1"], "open"), alert(entities["d1"], "open")],
        # XS-2026-0003 is the fixture's referred clue (定海路).
        "clue_opened": [alert(entities["w2"], "clue_opened", "XS-2026-0003")],
        "pudong": [alert(entities["p1"], "open")],
    }


def _hotspots(divisions):
    from wangjian.complaints.models import HotSpot

    def spot(division, dimension, value):
        return HotSpot.objects.create(
            division=divisions[division],
            dimension=dimension,
            value=value,
            window_start=dt.date(2026, 11, 1),
            window_end=dt.date(2026, 11, 30),
            count=9,
            baseline=2.5,
        )

    return [
        spot("yangpu", "category", "食品"),
        spot("yangpu", "platform", "好物商城"),
        spot("pudong", "category", "美妆"),
    ]


@pytest.fixture
def district(divisions, section_chief):
    entities = _entities(divisions)
    clues = _clues(divisions, section_chief)
    cases, guidance = _cases(divisions, entities, clues, section_chief)
    return {
        "entities": entities,
        "findings": _findings(divisions, entities),
        "clues": clues,
        "cases": cases,
        "guidance": guidance,
        "complaints": _complaints(divisions),
        "tiers": _tiers(entities),
        "inspections": _inspections(divisions, entities, section_chief),
        "alerts": _alerts(divisions, entities),
        "hotspots": _hotspots(divisions),
    }
