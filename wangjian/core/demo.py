"""The Yangpu demo district: ``wangjian demo load``.

Apps add their own steps with ``@demo_step(order)``; steps run in order and each must be
idempotent, so loading the demo twice leaves the database as after one load.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from wangjian.core.choices import OrgUnitKind, Role

DEMO_PASSWORD = "wangjian-demo-2026"
DEMO_STEPS: list[tuple[int, str, Callable[["DemoContext"], None]]] = []


@dataclass
class DemoContext:
    log: Callable[[str], None]
    # "small": the same district with fewer records, for tests that walk every page.
    size: str = "full"
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    objects: dict = field(default_factory=dict)


def demo_step(order: int):
    def register(function):
        DEMO_STEPS.append((order, function.__name__, function))
        DEMO_STEPS.sort(key=lambda step: step[0])
        return function

    return register


def load_demo(
    log: Callable[[str], None] = lambda message: None, *, size: str = "full"
) -> DemoContext:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("demo")
    context = DemoContext(log=log, size=size)
    for _order, name, step in DEMO_STEPS:
        log(f"· {name}")
        step(context)
    return context


YANGPU_SECTIONS = [
    "办公室",
    "网络交易监督管理科",
    "广告监督管理科",
    "信用监督管理科",
    "消费者权益保护科",
    "法制科",
]

# One account per role (architecture.md §1): (username, role, unit key, display name).
DEMO_ACCOUNTS = [
    ("admin", Role.SYSTEM_ADMIN, "yangpu", "系统管理员"),
    ("province", Role.PROVINCE_ADMIN, "shanghai", "市局示范区管理员"),
    ("regulator", Role.REGULATOR, "yangpu_network", "王监管"),
    ("station", Role.REGULATOR, "wujiaochang_station", "李所员"),
    ("chief", Role.SECTION_CHIEF, "yangpu_network", "张科长"),
    ("pudong", Role.REGULATOR, "pudong", "浦东监管员"),
    ("platform", Role.PLATFORM_OPERATOR, None, "平台报送专员"),
    ("merchant", Role.MERCHANT, None, "商户经营者"),
    ("consumer", Role.CONSUMER, None, "消费者"),
    ("evaluator", Role.EVALUATOR, "evaluator", "评估专家"),
    ("partner", Role.PARTNER_DEPARTMENT, "partner", "商务委协作员"),
]


@demo_step(10)
def load_reference_data(context: DemoContext) -> None:
    from wangjian.core.actions.reference_data import load_divisions, load_legal_catalogue

    divisions = load_divisions(actor=None)
    context.log(f"  行政区划 / divisions: {divisions}")
    legal = load_legal_catalogue(actor=None)
    context.log(f"  法律依据 / legal catalogue: {legal}")


@demo_step(20)
def create_yangpu_organisation(context: DemoContext) -> None:
    from wangjian.core.actions.organisation import create_org_unit, create_user
    from wangjian.core.models import Division, OrgUnit, User

    def unit(key, name, kind, division_code, parent=None):
        division = Division.objects.by_code(division_code)
        existing = OrgUnit.objects.filter(name=name, division=division).first()
        context.objects[key] = existing or create_org_unit(
            actor=None, name=name, kind=kind, division=division, parent=parent
        )
        return context.objects[key]

    unit("shanghai", "上海市市场监督管理局", OrgUnitKind.BUREAU, "310000")
    yangpu = unit("yangpu", "上海市杨浦区市场监督管理局", OrgUnitKind.BUREAU, "310110")
    for index, section in enumerate(YANGPU_SECTIONS):
        key = "yangpu_network" if section == "网络交易监督管理科" else f"yangpu_section_{index}"
        unit(key, section, OrgUnitKind.SECTION, "310110", yangpu)
    for street in Division.objects.by_code("310110").children.order_by("code"):
        station_name = street.name.removesuffix("街道").removesuffix("新村") + "市场监督管理所"
        key = "wujiaochang_station" if street.name == "五角场街道" else f"station_{street.code}"
        unit(key, station_name, OrgUnitKind.STATION, street.code, yangpu)
    unit("pudong", "上海市浦东新区市场监督管理局", OrgUnitKind.BUREAU, "310115")
    unit("evaluator", "上海市网络市场发展研究中心（第三方评估）", OrgUnitKind.EVALUATOR, "310000")
    unit("partner", "杨浦区商务委员会", OrgUnitKind.PARTNER, "310110")

    for username, role, unit_key, display_name in DEMO_ACCOUNTS:
        if not User.objects.filter(username=username).exists():
            create_user(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                org_unit=context.objects[unit_key] if unit_key else None,
                display_name=display_name,
            )
        context.accounts.append((username, Role(role).label, display_name))
