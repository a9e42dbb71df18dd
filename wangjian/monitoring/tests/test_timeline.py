"""Clue facts on the entity's profile timeline, only for who may see the clue."""

import pytest
from django.test import Client
from django.utils import timezone

from wangjian.monitoring.actions import confirm_findings, decide_clue
from wangjian.monitoring.models import Finding
from wangjian.monitoring.tests.factories import verify_and_submit
from wangjian.registry.timeline import timeline_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided_clue(batch, regulator, section_chief):
    findings = Finding.objects.filter(item__external_id="L-1").order_by("rule")
    clue = confirm_findings(actor=regulator, finding_ids=[findings[0].pk], note="已留存")
    clue = verify_and_submit(clue, regulator)
    return decide_clue(actor=section_chief, clue=clue, decision="referred", note="证据充分")


def monitoring_facts(entity, user):
    return [fact for fact in timeline_for(entity, user) if fact.kind.startswith("monitoring.")]


def test_the_clue_and_its_decision_are_on_the_entitys_timeline(decided_clue, world, regulator):
    facts = sorted(monitoring_facts(world["food"], regulator), key=lambda fact: fact.kind)
    url = f"/monitoring/clues/{decided_clue.pk}/"
    batch = decided_clue.findings.get().batch
    assert [(fact.on, fact.kind, fact.title, fact.source, fact.url) for fact in facts] == [
        (
            decided_clue.discovered_on,
            "monitoring.clue",
            f"网络监测线索 {decided_clue.number} 登记：{decided_clue.summary}",
            "网络监测",
            url,
        ),
        (
            decided_clue.decided_on,
            "monitoring.clue_decided",
            f"线索 {decided_clue.number} 核查决定：拟立案，移交办案",
            "网络监测",
            url,
        ),
        (
            timezone.localdate(batch.created_at),
            "monitoring.findings",
            f"网络监测批次 #{batch.pk} 发现 3 条，待研判 2 条",
            "网络监测",
            f"/monitoring/?state=all&batch={batch.pk}",
        ),
    ]
    client = Client()
    client.force_login(regulator)
    profile = client.get(f"/registry/entities/{world['food'].pk}/").content.decode()
    assert f'<a href="{url}">网络监测线索 {decided_clue.number} 登记：' in profile


def test_other_bureaus_and_roles_without_findings_see_no_clue_facts(
    decided_clue, world, other_regulator, merchant, consumer
):
    for user in (other_regulator, merchant, consumer):
        assert monitoring_facts(world["food"], user) == []


def test_a_clue_about_another_entity_is_not_on_this_timeline(decided_clue, world, regulator):
    assert monitoring_facts(world["pudong_seller"], regulator) == []
