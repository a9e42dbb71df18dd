"""The zones demo: Yangpu at the creation stage and a finished Zhejiang evaluation, loaded once."""

import datetime as dt
from decimal import Decimal

import pytest

from wangjian.core.demo import load_demo
from wangjian.zones.models import CreationTask, IndicatorValue, ZoneApplication, ZoneState


def zone_counts() -> dict[str, int]:
    return {
        "applications": ZoneApplication.objects.count(),
        "tasks": CreationTask.objects.count(),
        "indicator_values": IndicatorValue.objects.count(),
    }


@pytest.mark.django_db
def test_demo_adds_yangpu_with_its_twenty_tasks_and_a_finished_evaluation_once():
    load_demo()
    first = zone_counts()
    load_demo()
    assert zone_counts() == first == {"applications": 2, "tasks": 20, "indicator_values": 8}

    yangpu = ZoneApplication.objects.get(division__code="310110000000")
    assert (yangpu.state, yangpu.programme.key) == (ZoneState.CREATING, "samr-zone-programme")
    assert [goal.split(":")[0] for goal in yangpu.goals] == [
        "完善网络市场监管与服务体系",
        "优化网络经济营商环境软实力",
        "形成可复制推广的治理经验",
    ]
    groups = list(dict.fromkeys(yangpu.tasks.values_list("group", flat=True)))
    assert groups == [
        "促进产业发展方面",
        "规范监管体系方面",
        "优化服务能力方面",
        "探索创新实践方面",
    ]
    assert yangpu.tasks.get(number=20).title == "新就业形态劳动者权益保护"
    assert yangpu.tasks.get(number=12).title == "加强知识产权服务"

    yuhang = ZoneApplication.objects.get(division__code="330110000000")
    assert (yuhang.state, yuhang.notice_ends_on, yuhang.valid_until) == (
        ZoneState.DESIGNATED,
        dt.date(2026, 10, 15),
        dt.date(2031, 10, 16),
    )
    # 88 − 1 − 1.5 − 1 = 84.50; answers sum 51 over 12: (51/12 − 1) / 4 × 12 = 9.75.
    assert (yuhang.report.professional_score, yuhang.report.social_score) == (
        Decimal("84.50"),
        Decimal("9.75"),
    )
