"""Codes of refused monitoring actions (``MonitoringError.code``), one per rule."""

from enum import StrEnum


class MonitoringErrorCode(StrEnum):
    """MonitoringError codes: stable names for the rule that refused an action."""

    ATTACHMENT = "attachment"
    CALENDAR = "calendar"
    CAPABILITY = "capability"
    CHOICE = "choice"
    COUNT = "count"
    DISMISSED_ONLY = "dismissed_only"
    FORMAT = "format"
    HANDLER_ONLY = "handler_only"
    INVALID = "invalid"
    JURISDICTION = "jurisdiction"
    MAX_RECORDS = "max_records"
    MAX_SIZE = "max_size"
    MIN_LENGTH = "min_length"
    ONCE = "once"
    OPEN_CLUE = "open_clue"
    OPEN_ONLY = "open_only"
    ORDER = "order"
    OWN_PLATFORM = "own_platform"
    REFUSED = "refused"
    REGISTERED_ONLY = "registered_only"
    REQUIRED = "required"
    RULE_FAMILY = "rule_family"
    SAME_SUBJECT = "same_subject"
    SUBMITTED = "submitted"
    UNIQUE = "unique"
    VISIBLE = "visible"
