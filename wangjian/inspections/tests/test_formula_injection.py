"""The public results CSV writes register text (a name, a plan title) as text, never a formula."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from wangjian.inspections import actions
from wangjian.inspections.models import InspectionTask
from wangjian.registry.models import MarketEntity

pytestmark = pytest.mark.django_db

NAME = '=HYPERLINK("http://evil.example/","某公司")'


def test_public_results_csv_neutralises_formulas(drawn_plan, regulator):
    task = InspectionTask.objects.filter(plan=drawn_plan).order_by("id").first()
    # A register row as a bulk load could leave it (names are not checked for formulas).
    MarketEntity.objects.filter(pk=task.entity_id).update(name=NAME)
    result = actions.record_result(
        actor=regulator, task=task, outcome="problem_corrected", result_on=dt.date(2026, 11, 20)
    )
    actions.publish_result(actor=regulator, result=result, on=dt.date(2026, 11, 24))
    text = Client().get("/inspections/public/results.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1] == "'" + NAME
    assert rows[1][5] == "2026-11-20"
