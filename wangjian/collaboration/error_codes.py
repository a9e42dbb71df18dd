"""Codes of refused collaboration actions (``CollaborationError.code``)."""

from enum import StrEnum

from wangjian.core.errors import WrittenPermissionRefusal


class CollaborationErrorCode(StrEnum):
    """CollaborationError codes: stable names for the rule that refused an action."""

    REFUSED = "refused"
    NOT_PERMITTED = "not_permitted"
    OUTSIDE_JURISDICTION = "outside_jurisdiction"


class CollaborationNotPermitted(WrittenPermissionRefusal):
    """A collaboration step refused because of who asks (capability, side, jurisdiction). A
    ``PermissionDenied`` too, so a page that does not catch it answers 403 as before."""

    codes = CollaborationErrorCode
