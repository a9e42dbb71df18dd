"""The consumer's lookup code (查询码): issuing, normalising and checking it."""

import datetime as dt
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wangjian.complaints.actions.common import ComplaintError, _keyed_hash
from wangjian.complaints.models import Complaint
from wangjian.core.actions.signin import locked_until, record_failed_attempt
from wangjian.core.audit import record_event
from wangjian.core.choices import AttemptScope

# Lookup codes are read aloud and typed from paper: Crockford's base-32 alphabet leaves out
# I, L, O and U, and input maps the look-alikes back.
LOOKUP_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


LOOKUP_CODE_LENGTH = 12


_LOOKUP_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def new_lookup_code() -> str:
    """A 12-character code (60 bits) shown as three groups, e.g. ``7K2M-Q9XA-4BDT``.

    Records filed before this used six digits; those codes still work (``hash_lookup_code``
    normalises both the same way).
    """
    raw = "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(LOOKUP_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LOOKUP_CODE_LENGTH, 4))


def normalise_lookup_code(code: str) -> str:
    return (code or "").strip().upper().translate(_LOOKUP_LOOKALIKES)


def hash_lookup_code(receipt_number: str, code: str) -> str:
    return _keyed_hash(f"lookup:{receipt_number}:{normalise_lookup_code(code)}")


def _lookup_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.COMPLAINT_LOOKUP_WINDOW_MINUTES)


def _wrong_lookup() -> ComplaintError:
    return ComplaintError(
        "登记编号或查询码不正确 / receipt number or lookup code is wrong",
        field="lookup_code",
        rule="lookup",
    )


def find_by_lookup(receipt_number: str, lookup_code: str) -> Complaint:
    """The record with ``receipt_number`` whose lookup code is ``lookup_code``.

    Wrong codes are counted per receipt number, whether or not the number exists, so the answer
    never tells a guesser which numbers are real: after ``COMPLAINT_LOOKUP_MAX_FAILURES`` wrong
    codes within ``COMPLAINT_LOOKUP_WINDOW_MINUTES`` further tries are refused until the window
    has passed. Raise ``ComplaintError`` for a wrong number or code and while refused.
    """
    receipt_number = (receipt_number or "").strip()[:40]
    now = timezone.now()
    until = locked_until(
        AttemptScope.COMPLAINT_LOOKUP,
        receipt_number,
        settings.COMPLAINT_LOOKUP_MAX_FAILURES,
        _lookup_window(),
        now,
    )
    if until is not None:
        minutes = max(1, -(-int((until - now).total_seconds()) // 60))
        raise ComplaintError(
            f"登记编号 {receipt_number} 的查询码错误次数过多，查询已暂停，请在 {minutes} 分钟后"
            f"再试，或拨打 12315 咨询 / too many wrong lookup codes for {receipt_number}: try "
            f"again in {minutes} minutes, or call 12315",
            field="lookup_code",
            rule="lookup_locked",
        )
    complaint = Complaint.objects.filter(receipt_number=receipt_number).first()
    expected = complaint.lookup_code_hash if complaint is not None else ""
    if expected and hmac.compare_digest(
        expected, hash_lookup_code(receipt_number, lookup_code or "")
    ):
        return complaint
    with transaction.atomic():
        failures = record_failed_attempt(
            scope=AttemptScope.COMPLAINT_LOOKUP,
            key=receipt_number,
            window=_lookup_window(),
            now=now,
        )
        if complaint is not None and failures == settings.COMPLAINT_LOOKUP_MAX_FAILURES:
            record_event(
                actor=None,
                event_type="complaints.lookup_locked",
                target=complaint,
                division=complaint.division,
                after={
                    "failures": failures,
                    "window_minutes": settings.COMPLAINT_LOOKUP_WINDOW_MINUTES,
                },
            )
    raise _wrong_lookup()


def _check_lookup(complaint, lookup_code: str) -> None:
    find_by_lookup(complaint.receipt_number, lookup_code)
