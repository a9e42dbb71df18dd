"""Zones: the scoped application list and the overdue-summary home card at province scale.

Builds ``--zones`` designated zones spread over the counties of one province, half of them with
their first annual summary, then times, against baselines in the same process:
- listing the applications a province administrator sees (``visible_to``) against a plain
  unscoped listing of the same rows;
- the home card counting overdue annual summaries (three queries whatever the number of zones)
  against one plain count of the summaries table.

    python bench/zones_bench.py [--zones 2000]
"""

import argparse
import datetime as dt

from _setup import setup_database, timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=2000)
    args = parser.parse_args()
    engine = setup_database("zones")

    from django.db import transaction

    from wangjian.core.choices import DivisionLevel, Role
    from wangjian.core.models import User
    from wangjian.core.tests.factories import make_division, make_org_unit
    from wangjian.zones.actions.programmes import load_programmes
    from wangjian.zones.home import overdue_summaries_card
    from wangjian.zones.models import AnnualSummary, Programme, ZoneApplication

    country = make_division("000000", "中华人民共和国", DivisionLevel.COUNTRY)
    province = make_division("330000", "浙江省", DivisionLevel.PROVINCE, country)
    city = make_division("330100", "杭州市", DivisionLevel.CITY, province)
    counties = [
        make_division(f"3301{number:02d}", f"测试区{number}", DivisionLevel.COUNTY, city)
        for number in range(1, 51)
    ]
    load_programmes(actor=None)
    programme = Programme.objects.get(key="zj-zone-programme-2017")
    units = [make_org_unit(f"{county.name}市场监督管理局", county) for county in counties]
    admin_unit = make_org_unit("浙江省市场监督管理局", province)
    admin = User.objects.create_user(
        "bench_admin", password="x", role=Role.PROVINCE_ADMIN, org_unit=admin_unit
    )

    with transaction.atomic():
        zones = ZoneApplication.objects.bulk_create(
            [
                ZoneApplication(
                    programme=programme,
                    division=counties[number % 50],
                    applicant_unit=units[number % 50],
                    name=f"示范区{number}",
                    state="designated",
                    designated_on=dt.date(2024, 10, 16),
                    valid_until=dt.date(2029, 10, 16),
                )
                for number in range(args.zones)
            ],
            batch_size=1000,
        )
        AnnualSummary.objects.bulk_create(
            [
                AnnualSummary(
                    application=zone,
                    year=2024,
                    due_on=dt.date(2025, 1, 31),
                    submitted_on=dt.date(2025, 1, 20),
                    text="总结",
                    overdue=False,
                )
                for zone in zones[::2]
            ],
            batch_size=1000,
        )

    results: dict[str, float] = {}
    with timed(results, "plain_list"):
        plain = list(ZoneApplication.objects.all().values_list("pk", "name"))
    with timed(results, "scoped_list"):
        scoped = list(ZoneApplication.objects.visible_to(admin).values_list("pk", "name"))
    assert len(plain) == len(scoped) == args.zones
    with timed(results, "plain_summary_count"):
        AnnualSummary.objects.count()
    with timed(results, "overdue_card"):
        card = overdue_summaries_card(admin)

    print(f"database: {engine}; zones: {args.zones}; overdue summaries on the card: {card.value}")
    for name, baseline in (("scoped_list", "plain_list"), ("overdue_card", "plain_summary_count")):
        print(
            f"{name}: {results[name] * 1000:.1f} ms = {results[name] / results[baseline]:.1f}× "
            f"{baseline} ({results[baseline] * 1000:.1f} ms)"
        )


if __name__ == "__main__":
    main()
