"""Lookup codes: longer for new records, old six-digit codes still valid, tries limited."""

import re

import pytest
from django.test import Client

from wangjian.complaints import actions
from wangjian.complaints.tests.factories import file, make_world
from wangjian.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(divisions):
    return make_world(divisions)


def lookup(receipt_number, code):
    return Client().post(
        "/complaints/public/lookup/", {"receipt_number": receipt_number, "lookup_code": code}
    )


def test_new_codes_have_twelve_characters_and_ignore_case_and_lookalikes(world, divisions):
    filed = file(divisions["yangpu"])
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}", filed.lookup_code)
    complaint = filed.records[0]
    typed = filed.lookup_code.replace("-", " ").lower().replace("0", "o").replace("1", "l")
    assert actions.find_by_lookup(complaint.receipt_number, typed) == complaint


def test_an_old_six_digit_code_still_works(world, divisions):
    complaint = file(divisions["yangpu"]).records[0]
    complaint.lookup_code_hash = actions.hash_lookup_code(complaint.receipt_number, "042917")
    complaint.save(update_fields=["lookup_code_hash"])
    response = lookup(complaint.receipt_number, "042917")
    assert "已登记" in response.content.decode()


def test_ten_wrong_codes_stop_further_tries_for_that_receipt_number(world, divisions):
    filed = file(divisions["yangpu"])
    complaint = filed.records[0]
    for attempt in range(10):
        response = lookup(complaint.receipt_number, f"{attempt:06d}")
        assert "登记编号或查询码不正确" in response.content.decode()
    refused = lookup(complaint.receipt_number, filed.lookup_code).content.decode()
    assert "查询码错误次数过多，查询已暂停，请在 60 分钟后再试" in refused
    assert "已登记" not in refused
    with pytest.raises(actions.ComplaintError) as error:
        actions.consumer_odr_decision(
            complaint=complaint, lookup_code=filed.lookup_code, accept=True
        )
    assert error.value.rule == "lookup_locked"
    [locked] = AuditEvent.objects.filter(event_type="complaints.lookup_locked")
    assert (locked.target_id, locked.division) == (str(complaint.pk), complaint.division)
    other = file(divisions["yangpu"], complainant_phone="13900001111")
    assert "已登记" in lookup(other.records[0].receipt_number, other.lookup_code).content.decode()


def test_an_unknown_receipt_number_is_refused_the_same_way(world, divisions):
    for attempt in range(10):
        lookup("C310110202612020000000", f"{attempt:06d}")
    refused = lookup("C310110202612020000000", "000000").content.decode()
    assert "查询码错误次数过多" in refused
    assert AuditEvent.objects.filter(event_type="complaints.lookup_locked").count() == 0
