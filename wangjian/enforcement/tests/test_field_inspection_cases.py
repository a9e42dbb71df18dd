"""行政检查 with the apps above inspections: started from a complaint, a case opened when it is
concluded with 立案查处 or found uncorrected on re-check, the photo's digest in the evidence
custody log, and the inspection page listing the case for those who may see it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wangjian.enforcement.models import Case
from wangjian.evidence.models import CustodyLogEntry
from wangjian.inspections import actions
from wangjian.inspections.tests.conftest import media  # noqa: F401
from wangjian.inspections.tests.test_field import PNG, fill

TODAY = dt.date(2026, 12, 2)


def test_an_inspection_starts_from_a_complaint(regulator, entities, items, officers, complaint):
    inspection = actions.start_field_inspection(
        actor=regulator,
        entity=entities["alpha"],
        source_type="complaint",
        source_id=complaint.pk,
        items=items,
        inspectors=officers[:2],
    )
    assert (inspection.source_type, inspection.source_id) == ("complaint", str(complaint.pk))
    assert inspection.source_label == f"投诉举报：{complaint}"


def test_a_complaint_of_another_district_is_not_a_source(
    other_regulator, entities, items, officers, complaint
):
    with pytest.raises(ValidationError, match="不存在或不在辖区内"):
        actions.start_field_inspection(
            actor=other_regulator,
            entity=entities["pudong"],
            source_type="complaint",
            source_id=complaint.pk,
            items=items,
            inspectors=officers[:2],
        )


def test_an_inspection_concluded_with_a_case_opens_one(started, regulator, system_admin):
    inspection = fill(started, regulator)
    with pytest.raises(ValidationError, match="须写明涉嫌违法行为"):
        actions.conclude_field_inspection(actor=regulator, inspection=inspection, outcome="case")
    concluded = actions.conclude_field_inspection(
        actor=regulator,
        inspection=inspection,
        outcome="case",
        conduct="网店首页未公示营业执照信息",
        violated_articles=["ecommerce-law-2018:15"],
    )
    case = Case.objects.get(field_inspection=concluded)
    assert concluded.case_number == case.source_number
    assert (case.source_kind, case.entity, case.found_on) == ("inspection", started.entity, TODAY)
    assert case.source_note.startswith(f"行政检查 #{concluded.pk}（主体档案：")
    client = Client()
    client.force_login(regulator)
    page = client.get(f"/inspections/field/{concluded.pk}/").content.decode()
    assert f'href="/enforcement/cases/{case.pk}/"' in page
    client.force_login(system_admin)
    assert client.get(f"/inspections/field/{concluded.pk}/").status_code == 404


def test_an_uncorrected_recheck_opens_a_case(started, regulator):
    inspection = fill(started, regulator)
    ordered = actions.conclude_field_inspection(
        actor=regulator, inspection=inspection, outcome="rectify"
    )
    closed = actions.close_rectification(
        actor=regulator,
        inspection=ordered,
        rechecked_on=TODAY,
        corrected=False,
        notes="仍未公示营业执照",
    )
    case = Case.objects.get(field_inspection=closed)
    assert closed.case_number == case.source_number
    assert case.conduct == "逾期未改正：仍未公示营业执照"


def test_a_photo_digest_is_in_the_custody_log(started, regulator):
    photo = actions.add_field_attachment(
        actor=regulator,
        inspection=started,
        upload=SimpleUploadedFile("shop.png", PNG, content_type="image/png"),
    )
    entry = CustodyLogEntry.objects.get(index=photo.custody_index)
    assert entry.event_type == "seal"
    assert photo.sha256 in entry.data
    assert f'"subject":"inspections.field:{started.pk}"' in entry.data
