"""The findings queue through the shared list helper: one row per record and rule family with
all its matches, shop filters by name or code, search, the audited export, a row confirmed
whole."""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from wangjian.core.models import AuditEvent
from wangjian.monitoring.models import Clue, Finding

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_one_row_per_record_and_rule_family_with_all_its_matches(batch, regulator):
    response = client_for(regulator).get("/monitoring/")
    open_findings = Finding.objects.visible_to(regulator).for_triage()
    pairs = set(open_findings.values_list("item_id", "family"))
    rows = response.context["rows"]
    assert len(rows) == len(pairs) == response.context["listing"].total
    assert {(row.item.pk, row.family) for row in rows} == pairs
    for row in rows:
        expected = open_findings.filter(item=row.item, family=row.family)
        assert sorted(f.pk for f in row.findings) == sorted(expected.values_list("pk", flat=True))
    grouped = [row for row in rows if len(row.findings) > 1]
    assert grouped, "the listing text has two absolute terms of one family"
    html = response.content.decode()
    assert html.count('data-testid="finding-row"') == len(pairs)


def test_the_shop_filter_takes_a_name_or_a_code_not_a_row_id(batch, regulator, world):
    client = client_for(regulator)
    shop = world["yangpu_shop"]
    by_code = client.get("/monitoring/", {"shop": "S-001"})
    assert by_code.status_code == 200
    by_name = client.get("/monitoring/", {"shop": "甲乙 旗舰店"})
    expected = sorted(
        Finding.objects.visible_to(regulator).for_triage().filter(shop=shop).values_list("pk")
    )
    assert sorted((f.pk,) for f in by_code.context["page"]) == expected
    assert sorted((f.pk,) for f in by_name.context["page"]) == expected
    unregistered = client.get("/monitoring/", {"shop": "S-404"})
    assert {f.item.external_id for f in unregistered.context["page"]} == {"L-4"}
    by_row_id = client.get("/monitoring/", {"shop": str(shop.pk)})
    assert (by_row_id.status_code, list(by_row_id.context["page"])) == (200, [])


def test_search_by_record_number_and_sort_by_record(batch, regulator):
    client = client_for(regulator)
    found = client.get("/monitoring/", {"q": "L-4"})
    assert {f.item.external_id for f in found.context["page"]} == {"L-4"}
    ordered = client.get("/monitoring/", {"sort": "item"})
    numbers = [row.item.external_id for row in ordered.context["rows"]]
    assert numbers == sorted(numbers)


def test_findings_export_is_the_filtered_list_and_is_audited(batch, regulator):
    response = client_for(regulator).get("/monitoring/findings/export.xlsx", {"shop": "S-404"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    expected = Finding.objects.visible_to(regulator).for_triage().filter(item__external_id="L-4")
    assert sorted(row[0] for row in rows[1:]) == sorted(expected.values_list("pk", flat=True))
    assert {row[1] for row in rows[1:]} == {"L-4"}
    event = AuditEvent.objects.get(event_type="core.list_exported")
    assert event.after["rows"] == expected.count()
    assert event.after["filters"]["shop"] == "S-404"


def test_a_queue_row_is_confirmed_whole_into_one_clue(batch, regulator):
    client = client_for(regulator)
    row = next(r for r in client.get("/monitoring/").context["rows"] if len(r.findings) > 1)
    response = client.post(
        "/monitoring/findings/confirm/", {"finding": [row.open_ids], "note": "同一商品页"}
    )
    clue = Clue.objects.get()
    assert response["Location"] == f"/monitoring/clues/{clue.pk}/"
    assert sorted(clue.findings.values_list("pk", flat=True)) == sorted(f.pk for f in row.findings)


def test_clue_list_searches_by_number_and_shop_and_exports_what_is_filtered(batch, regulator):
    from wangjian.monitoring.actions import confirm_findings

    first = Finding.objects.filter(item__external_id="L-1").first()
    clue = confirm_findings(actor=regulator, finding_ids=[first.pk], note="已留存")
    other = Finding.objects.filter(item__external_id="L-4").first()
    unregistered = confirm_findings(actor=regulator, finding_ids=[other.pk], note="已留存")
    client = client_for(regulator)
    by_number = client.get("/monitoring/clues/", {"q": clue.number})
    assert [c.pk for c in by_number.context["page"]] == [clue.pk]
    by_shop = client.get("/monitoring/clues/", {"q": "S-001"})
    assert [c.pk for c in by_shop.context["page"]] == [clue.pk]
    everything = client.get("/monitoring/clues/", {"sort": "number"})
    assert [c.number for c in everything.context["page"]] == sorted(
        [clue.number, unregistered.number]
    )
    assert "共 2 条" in everything.content.decode()
    response = client.get("/monitoring/clues/export.xlsx", {"q": "甲乙食品"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [clue.number]
    assert AuditEvent.objects.get(event_type="core.list_exported").after["rows"] == 1
