"""The platform page lists monitoring findings a regulator confirmed about its shops, and no
finding still awaiting the bureau's own triage."""

from django.test import Client
from django.urls import reverse

from wangjian.core.actions.reference_data import load_legal_catalogue
from wangjian.monitoring.actions import confirm_findings
from wangjian.monitoring.models import Finding
from wangjian.monitoring.tests.factories import feed_batch, make_monitoring_world
from wangjian.registry.tests.factories import make_platform_user


def findings_section(page: str) -> str:
    return page.split('data-testid="findings"', 1)[1].split("</table>", 1)[0]


def test_only_confirmed_findings_about_its_shops_are_listed(divisions, regulator):
    load_legal_catalogue()
    world = make_monitoring_world(divisions)
    feed_batch(regulator, world)
    yangpu_findings = list(
        Finding.objects.filter(shop__shop_id="S-001").values_list("pk", flat=True)
    )
    assert yangpu_findings
    confirm_findings(actor=regulator, finding_ids=yangpu_findings, note="核查")
    user = make_platform_user(world["platform"])
    client = Client()
    client.force_login(user)
    page = client.get(reverse("platforms:platform", args=[world["platform"].pk])).content.decode()
    section = findings_section(page)
    assert section.count("<tr><td>甲乙食品旗舰店</td>") == len(yangpu_findings)
    # The Pudong shop's finding is still open (untriaged): the platform does not see it.
    assert Finding.objects.filter(shop__shop_id="S-002", state="open").exists()
    assert "张江美妆专营店" not in section


def test_a_regulator_sees_only_the_findings_of_its_jurisdiction(
    divisions, regulator, other_regulator
):
    load_legal_catalogue()
    world = make_monitoring_world(divisions)
    feed_batch(regulator, world)
    pudong = list(Finding.objects.filter(shop__shop_id="S-002").values_list("pk", flat=True))
    confirm_findings(actor=other_regulator, finding_ids=pudong, note="核查")
    client = Client()
    client.force_login(regulator)
    page = client.get(reverse("platforms:platform", args=[world["platform"].pk])).content.decode()
    assert "张江美妆专营店" not in findings_section(page)
    user = make_platform_user(world["platform"])
    client.force_login(user)
    page = client.get(reverse("platforms:platform", args=[world["platform"].pk])).content.decode()
    assert "张江美妆专营店" in findings_section(page)
