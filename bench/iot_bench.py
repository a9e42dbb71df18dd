"""物联感知 ingestion: N device alerts posted through the API in batches of 1,000 (validation,
idempotency check, insert, audit event, mapping to the entity at the address), against a plain
``bulk_create`` of the same rows into the same table in the same run. Reports alerts/s of each
and the ratio (aim: the API within 5× of the plain insert).

    python bench/iot_bench.py              # 100,000 alerts
    python bench/iot_bench.py --alerts 20000
"""

import argparse
import datetime as dt
from zoneinfo import ZoneInfo

from _setup import setup_database, timed

KINDS = [
    "elevator_trapped",
    "elevator_fault",
    "kitchen_no_mask",
    "kitchen_no_hat",
    "kitchen_rodent",
]
ZONE = ZoneInfo("Asia/Shanghai")


def alerts(n: int, prefix: str, addresses: list[str]) -> list[dict]:
    start = dt.datetime(2026, 11, 1, tzinfo=ZONE)
    return [
        {
            "idempotency_key": f"{prefix}-{i}",
            "device_id": f"DEV-{i % 500:04d}",
            "kind": KINDS[i % len(KINDS)],
            "occurred_at": (start + dt.timedelta(seconds=i)).isoformat(),
            "location": addresses[i % len(addresses)],
            "picture_ref": f"oss://bench/{prefix}-{i}.jpg",
        }
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--alerts", type=int, default=100_000)
    args = parser.parse_args()
    database = setup_database("iot")
    from django.test import Client

    from wangjian.collaboration.models import DeviceAlert
    from wangjian.core.choices import OrgUnitKind, Role
    from wangjian.core.tests.factories import make_org_unit, make_shanghai_tree, make_user
    from wangjian.registry.tests.factories import make_entity, make_uscc

    divisions = make_shanghai_tree()
    unit = make_org_unit("杨浦区明厨亮灶平台", divisions["yangpu"], OrgUnitKind.PARTNER)
    vendor = make_user("bench_vendor", Role.PARTNER_DEPARTMENT, unit)
    addresses = []
    for n in range(200):
        address = f"上海市杨浦区五角场街道政通路{n}号"
        make_entity(
            make_uscc("92310110", f"MA1B{n:04d}"),
            f"餐馆{n}",
            divisions["wujiaochang"],
            address=address,
        )
        addresses.append(address)
    addresses.append("上海市杨浦区未登记路1号")

    results: dict[str, float] = {}
    client = Client()
    client.force_login(vendor)
    api_rows = alerts(args.alerts, "api", addresses)
    with timed(results, "api"):
        for i in range(0, len(api_rows), 1000):
            response = client.post(
                "/api/v1/collaboration/device-alerts/",
                {"alerts": api_rows[i : i + 1000]},
                content_type="application/json",
                HTTP_HOST="localhost",
            )
            assert response.status_code == 202, response.content[:300]
    stored = DeviceAlert.objects.filter(idempotency_key__startswith="api-").count()
    assert stored == args.alerts, stored
    with timed(results, "repeat"):
        response = client.post(
            "/api/v1/collaboration/device-alerts/",
            {"alerts": api_rows[:1000]},
            content_type="application/json",
            HTTP_HOST="localhost",
        )
    assert response.json()["duplicates"] == 1000

    plain_rows = alerts(args.alerts, "plain", addresses)
    with timed(results, "plain"):
        DeviceAlert.objects.bulk_create(
            (
                DeviceAlert(
                    source_unit=unit,
                    division_id=unit.division_id,
                    idempotency_key=row["idempotency_key"],
                    device_id=row["device_id"],
                    kind=row["kind"],
                    severity="high",
                    occurred_at=dt.datetime.fromisoformat(row["occurred_at"]),
                    location=row["location"],
                    picture_ref=row["picture_ref"],
                )
                for row in plain_rows
            ),
            batch_size=1000,
        )
    api_rate = args.alerts / results["api"]
    plain_rate = args.alerts / results["plain"]
    print(f"database: {database}; alerts {args.alerts:,}")
    print(f"through the API: {results['api']:.1f} s, {api_rate:,.0f} alerts/s")
    print(f"plain insert:    {results['plain']:.1f} s, {plain_rate:,.0f} alerts/s")
    print(f"ratio: {results['api'] / results['plain']:.2f}× (aim: within 5×)")
    print(f"repeat of 1,000 known alerts: {results['repeat'] * 1000:.0f} ms, none stored")


if __name__ == "__main__":
    main()
