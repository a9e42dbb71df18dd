"""The public data CSV carries form and 12315 fields: formulas in them arrive as text."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from wangjian.complaints import actions
from wangjian.complaints.tests.factories import file

pytestmark = pytest.mark.django_db

CATEGORY = "=cmd|' /C calc'!A0"
ISSUE = '=HYPERLINK("http://evil.example/","点击")'


def test_public_data_csv_neutralises_formulas(world, divisions, regulator):
    complaint = file(
        divisions["yangpu"], category=CATEGORY, issue=ISSUE, on=dt.date(2026, 3, 2)
    ).records[0]
    actions.decide_acceptance(
        actor=regulator, complaint=complaint, accept=True, on=dt.date(2026, 3, 3)
    )
    actions.record_agreement(
        actor=regulator, complaint=complaint, result="退款298元", on=dt.date(2026, 3, 10)
    )
    response = Client().get("/complaints/public/data.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][5:7] == ["'" + CATEGORY, "'" + ISSUE]
    assert rows[1][1] == "2026-03"
