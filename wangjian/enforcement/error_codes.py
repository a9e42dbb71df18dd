"""Codes of refused enforcement actions (``EnforcementError.code``).

The codes are ``choices.ErrorCode`` (a ``TextChoices`` whose label is the Chinese text, with the
English text in ``choices.ERROR_TEXT_EN``); this module names them as the other apps do.
"""

from wangjian.enforcement.choices import ERROR_TEXT_EN, ErrorCode

EnforcementErrorCode = ErrorCode

__all__ = ["ERROR_TEXT_EN", "EnforcementErrorCode"]
