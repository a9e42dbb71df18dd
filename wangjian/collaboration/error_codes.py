"""Codes of refused collaboration actions (``CollaborationError.code``)."""

from enum import StrEnum


class CollaborationErrorCode(StrEnum):
    """CollaborationError codes: stable names for the rule that refused an action."""

    REFUSED = "refused"
