import datetime as dt

import pytest

from wangjian.cli import main
from wangjian.zones.lifecycle import overdue_summary_count
from wangjian.zones.tests.helpers import to_creating


@pytest.mark.django_db
def test_zones_load_is_idempotent(zhejiang, capsys):
    assert main(["zones", "load"]) == 0
    assert "创建办法 新增 2,未变 0;监测指标 新增 12,更新 0,未变 0" in capsys.readouterr().out
    assert main(["zones", "load"]) == 0
    assert "创建办法 新增 0,未变 2;监测指标 新增 0,更新 0,未变 12" in capsys.readouterr().out


def test_reminders_list_due_and_overdue_summaries(
    programme, applicant, city_bureau, province_admin, capsys
):
    application = to_creating(
        programme=programme,
        applicant=applicant,
        city_bureau=city_bureau,
        province_admin=province_admin,
    )
    # A designated zone, as the walkthrough test makes it; here only the dates matter.
    from wangjian.zones.models import ZoneApplication

    ZoneApplication.objects.filter(pk=application.pk).update(
        state="designated", designated_on="2026-10-16", valid_until="2031-10-16"
    )
    assert main(["zones", "reminders", "--on", "2028-01-10"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "逾期 / overdue\t余杭区网络监管与服务示范区\t2026\t2027-01-31",
        "将到期 / due soon\t余杭区网络监管与服务示范区\t2027\t2028-01-31",
    ]
    assert main(["zones", "reminders", "--on", "2028-13-01"]) == 2
    designated = ZoneApplication.objects.filter(pk=application.pk)
    assert overdue_summary_count(designated, dt.date(2028, 2, 1)) == 2  # 2026 and 2027
    assert overdue_summary_count(designated, dt.date(2027, 1, 31)) == 0
