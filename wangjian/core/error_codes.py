"""Codes of refused core actions (``CoreRefused.code``), one per rule."""

from enum import StrEnum


class CoreErrorCode(StrEnum):
    """Stable names for the rule that refused a core action."""

    REFUSED = "refused"
    NOT_PERMITTED = "not_permitted"
    OUTSIDE_JURISDICTION = "outside_jurisdiction"
    DIVISION_OUTSIDE_PARENT = "division_outside_parent"
    ROLE_NEEDS_ORG_UNIT = "role_needs_org_unit"
    ROLE_WITHOUT_ORG_UNIT = "role_without_org_unit"
    TOKEN_NOT_ROTATABLE = "token_not_rotatable"
    OWN_ACCOUNT = "own_account"
    REASON_MISSING = "reason_missing"
    FIELD_REQUIRED = "field_required"
    LIMIT_EXCEEDED = "limit_exceeded"
    WRONG_STATE = "wrong_state"
    BAD_DATE = "bad_date"
    UNIT_HAS_ACTIVE_USERS = "unit_has_active_users"
    UNKNOWN_JOB_KIND = "unknown_job_kind"
    CALENDAR_ENTRY_INVALID = "calendar_entry_invalid"
    CALENDAR_SOURCE_MISSING = "calendar_source_missing"
    CALENDAR_YEAR_MISSING = "calendar_year_missing"
