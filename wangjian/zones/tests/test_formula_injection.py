"""The indicator board CSV writes an applicant's source note as text, never a formula."""

import csv
import io

import pytest
from django.test import Client

from wangjian.zones import actions
from wangjian.zones.tests.helpers import to_creating

pytestmark = pytest.mark.django_db

SOURCE = "@SUM(1+1)*cmd|' /C calc'!A0"


def test_indicator_csv_neutralises_formulas(programme, applicant, city_bureau, province_admin):
    creating = to_creating(
        programme=programme,
        applicant=applicant,
        city_bureau=city_bureau,
        province_admin=province_admin,
    )
    actions.enter_indicator_value(
        actor=applicant,
        application=creating,
        indicator_key="online_economy_gdp_share",
        period="2025",
        value="-12.5",
        comparison_value="9.9",
        source=SOURCE,
    )
    client = Client()
    client.force_login(applicant)
    text = client.get(f"/zones/{creating.pk}/indicators.csv").content.decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(text)) if r[0] == "网络经济占GDP比重")
    assert row[5] == "'" + SOURCE
    # A typed number stays a number, even a negative one.
    assert row[2] == "-12.5"
