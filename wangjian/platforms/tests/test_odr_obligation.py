"""The ODR obligation is computed from the complaints' ODR clocks; the platform page lists the
complaints awaiting its answer."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from wangjian.complaints import actions as complaint_actions
from wangjian.complaints.tests.factories import file, make_world
from wangjian.core.actions.reference_data import load_legal_catalogue
from wangjian.platforms.obligations import evaluate
from wangjian.registry.tests.factories import make_platform_user


@pytest.fixture
def world(divisions, section_chief):
    load_legal_catalogue()
    world = make_world(divisions)
    complaint_actions.register_odr_participant(
        actor=section_chief, on=dt.date(2024, 1, 1), platform=world["platform"]
    )
    world["user"] = make_platform_user(world["platform"])
    return world


def odr_queue(client, url) -> str:
    page = client.get(url).content.decode()
    return page.split('data-testid="odr-queue"', 1)[1].split("</ul>", 1)[0]


def odr_status(platform, today):
    results = evaluate(platform, "2026H1", tier=None, today=today)
    return next(r for r in results if r.item["key"] == "odr_answered")


def test_an_odr_complaint_answered_in_time_is_met(world, divisions):
    complaint = file(divisions["yangpu"], on=dt.date(2026, 2, 12)).records[0]
    # Before the answer the platform page lists it in its ODR queue.
    client = Client()
    client.force_login(world["user"])
    url = reverse("platforms:platform", args=[world["platform"].pk])
    assert complaint.receipt_number in odr_queue(client, url)
    complaint_actions.answer_odr(
        actor=world["user"], complaint=complaint, answer="同意退款298元", on=dt.date(2026, 2, 26)
    )
    result = odr_status(world["platform"], dt.date(2026, 12, 2))
    assert (result.status, result.explanation) == ("met", "1 件ODR纠纷均在协商期内答复")
    assert complaint.receipt_number not in odr_queue(client, url)


def test_an_odr_complaint_left_past_its_period_is_not_met(world, divisions):
    file(divisions["yangpu"], on=dt.date(2026, 2, 12))
    # The ODR period ends 2026-03-04 (10 working days); on 03-03 nothing is late yet.
    assert odr_status(world["platform"], dt.date(2026, 3, 3)).status == "not_yet_due"
    result = odr_status(world["platform"], dt.date(2026, 3, 5))
    assert (result.status, result.explanation) == ("not_met", "1 件ODR纠纷未在协商期内答复")
