"""Refusals, permission and state checks, and helpers shared by every complaints action."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wangjian.complaints import duplicates, outcomes
from wangjian.complaints.choices import RecordKind
from wangjian.complaints.error_codes import ComplaintErrorCode
from wangjian.complaints.models import Complaint
from wangjian.core.errors import ActionRefused, Bilingual, coded


class ComplaintError(ActionRefused, ValueError):
    """A refused change naming the record, field and rule; ``code`` is the rule's
    ``ComplaintErrorCode``. The message is written "中文 / English" and shown in one language."""

    def __init__(self, message: str, *, field: str = "", rule: str = ""):
        halves = Bilingual.split(message)
        super().__init__(coded(ComplaintErrorCode, rule), halves.zh, halves.en, field)
        self.rule = rule
        self.written_as = message


def _today() -> dt.date:
    return timezone.localdate()


def _keyed_hash(text: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def complainant_key(name: str, phone: str) -> str:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits:
        return _keyed_hash(f"phone:{digits[-11:]}")
    cleaned = duplicates.normalise_text(name)
    return _keyed_hash(f"name:{cleaned}") if cleaned else ""


# ---------------------------------------------------------------------------------------------
# Decisions


def _require(actor, capability: str, complaint=None) -> None:
    if actor is None or not actor.has_capability(capability):
        raise ComplaintError(
            f"{getattr(complaint, 'receipt_number', '')} 无此权限（{capability}）/ not permitted "
            f"({capability})",
            rule="capability",
        )


def _require_state(complaint, *states) -> None:
    if complaint.state not in states:
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 state：当前状态为{complaint.get_state_display()}，"
            f"不能办理此环节 / {complaint.receipt_number}: state {complaint.state} does not allow "
            "this step",
            field="state",
            rule="state",
        )


def _lock_in_state(complaint, *states) -> None:
    """Re-read the complaint's state under a row lock and check it again, inside the action's
    transaction.

    The check before the transaction read the row the caller passed in; a second submission of
    the same decision may have moved it since. The lock makes the second transaction wait for
    the first and then see its state, so exactly one of them passes.
    """
    complaint.state = (
        Complaint.objects.select_for_update().values_list("state", flat=True).get(pk=complaint.pk)
    )
    _require_state(complaint, *states)


def _conclude(complaint, state: str, on: dt.date, basis: str = "") -> None:
    complaint.state = state
    complaint.decided_on = on
    complaint.published = complaint.kind == RecordKind.COMPLAINT
    complaint.save(update_fields=["state", "decided_on", "published", "updated_at"])
    outcome = outcomes.outcome_of(complaint, basis)
    transaction.on_commit(lambda: outcomes.announce(outcome))
