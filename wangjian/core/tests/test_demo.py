import pytest

from wangjian.cli import main
from wangjian.core.choices import Role
from wangjian.core.models import Division, LegalArticle, OrgUnit, User


def core_counts() -> dict[str, int]:
    return {
        "divisions": Division.objects.count(),
        "org_units": OrgUnit.objects.count(),
        "users": User.objects.count(),
        "articles": LegalArticle.objects.count(),
    }


@pytest.mark.django_db
def test_demo_load_builds_the_yangpu_district_once_and_keeps_the_audit_chain_intact(capsys):
    assert main(["demo", "load"]) == 0
    output = capsys.readouterr().out
    assert "regulator" in output
    assert "wangjian-demo-2026" in output
    first = core_counts()

    assert main(["demo", "load"]) == 0
    assert core_counts() == first

    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {role.value for role in Role}
    regulator = User.objects.get(username="regulator")
    assert regulator.jurisdiction.code == "310110000000"
    assert regulator.check_password("wangjian-demo-2026")
    stations = OrgUnit.objects.filter(
        kind="station", division__path__startswith=regulator.jurisdiction.path
    )
    assert stations.count() == 12
    assert User.objects.get(username="station").jurisdiction.name == "五角场街道"

    capsys.readouterr()
    assert main(["audit", "verify"]) == 0
    assert "audit chain intact" in capsys.readouterr().out
