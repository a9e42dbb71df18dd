"""Plain functions that build core test data through the models and actions (no mocks)."""

from wangjian.core.choices import DivisionLevel, OrgUnitKind, Role
from wangjian.core.models import Division, OrgUnit, User

TEST_PASSWORD = "correct-horse-battery-staple"


def make_division(code: str, name: str, level: DivisionLevel, parent: Division | None = None):
    code = code.ljust(12, "0")
    path = (parent.path if parent else "/") + code + "/"
    division, _created = Division.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent, "path": path}
    )
    return division


def make_shanghai_tree() -> dict[str, Division]:
    """China → 上海市 → 市辖区 → 杨浦区 (two streets) and 浦东新区 (one town)."""
    country = make_division("000000", "中华人民共和国", DivisionLevel.COUNTRY)
    shanghai = make_division("310000", "上海市", DivisionLevel.PROVINCE, country)
    municipal = make_division("310100", "市辖区", DivisionLevel.CITY, shanghai)
    yangpu = make_division("310110", "杨浦区", DivisionLevel.COUNTY, municipal)
    pudong = make_division("310115", "浦东新区", DivisionLevel.COUNTY, municipal)
    return {
        "country": country,
        "shanghai": shanghai,
        "municipal": municipal,
        "yangpu": yangpu,
        "pudong": pudong,
        "wujiaochang": make_division("310110019000", "五角场街道", DivisionLevel.TOWNSHIP, yangpu),
        "dinghai": make_division("310110001000", "定海路街道", DivisionLevel.TOWNSHIP, yangpu),
        "zhangjiang": make_division("310115125000", "张江镇", DivisionLevel.TOWNSHIP, pudong),
    }


def make_org_unit(name: str, division: Division, kind=OrgUnitKind.BUREAU, parent=None) -> OrgUnit:
    unit, _created = OrgUnit.objects.get_or_create(
        name=name, division=division, defaults={"kind": kind, "parent": parent}
    )
    return unit


def make_user(username: str, role: Role, org_unit: OrgUnit | None = None, **extra) -> User:
    return User.objects.create_user(
        username=username, password=TEST_PASSWORD, role=role, org_unit=org_unit, **extra
    )


def make_api_token(user: User, days: int | None = None) -> str:
    """Issue an API token through the action and return its key (shown once)."""
    from wangjian.core.actions.organisation import issue_api_token

    return issue_api_token(actor=None, user=user, days=days).key
