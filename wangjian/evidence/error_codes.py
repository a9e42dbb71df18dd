"""Codes of refused evidence (电子证据) actions (``EvidenceRefused.code``) and the two refusals.

A code names the family of the rule that refused (missing reason, outside the jurisdiction, a
step the record's state does not allow …); the message names the record, the field and the
exact rule, in Chinese with the English text available.
"""

from enum import StrEnum

from wangjian.core.errors import WrittenPermissionRefusal, WrittenRefusal


class EvidenceErrorCode(StrEnum):
    """Stable names for the rule that refused an evidence action."""

    REFUSED = "refused"
    NOT_PERMITTED = "not_permitted"
    OUTSIDE_JURISDICTION = "outside_jurisdiction"
    REASON_MISSING = "reason_missing"
    FIELD_REQUIRED = "field_required"
    LIMIT_EXCEEDED = "limit_exceeded"
    WRONG_STATE = "wrong_state"
    BAD_DATE = "bad_date"


class EvidenceRefused(WrittenRefusal):
    """A refused evidence change: bad input, or a state or rule that does not allow it. A
    ``ValidationError`` too, so forms and views that show those show it."""

    codes = EvidenceErrorCode


class EvidenceNotPermitted(WrittenPermissionRefusal):
    """An evidence change refused because of who asks (role, capability, jurisdiction). A
    ``PermissionDenied`` too, so a page that does not catch it answers 403 as before."""

    codes = EvidenceErrorCode
