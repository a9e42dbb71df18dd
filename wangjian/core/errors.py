"""The one refusal every action raises: a typed code, the text in Chinese and English, the field.

A refusal is shown to one person in one language: ``str(refusal)`` (and ``refusal.message``) is
the Chinese text, or the English text while English is the active language, so a page or an API
answer never carries both. The code is a member of the app's error-code enum
(``<app>/error_codes.py``, as Saleor's ``error_codes.py``), stable for programs and tests.
"""

import re
from enum import Enum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import get_language

# Older refusals were written "中文 / English" in one string; the English half starts after the
# first slash followed by a space (dates, paths and URLs in the Chinese half have none). The
# English half may start with a Chinese record name ("投诉举报 field facts: …").
_BILINGUAL_SPLIT = re.compile(r"\s*/\s+")


def english_is_active() -> bool:
    return (get_language() or "").lower().startswith("en")


class Bilingual:
    """A text in Chinese and English whose ``str()`` is the active language's."""

    def __init__(self, zh: str, en: str):
        self.zh = zh
        self.en = en

    def __str__(self) -> str:
        return self.en if english_is_active() else self.zh

    def __repr__(self) -> str:
        return f"Bilingual({self.zh!r}, {self.en!r})"

    def __eq__(self, other) -> bool:
        if isinstance(other, Bilingual):
            return (self.zh, self.en) == (other.zh, other.en)
        return str(self) == other

    def __hash__(self) -> int:
        return hash((self.zh, self.en))

    @classmethod
    def split(cls, text: str) -> "Bilingual":
        """A "中文 / English" string as its two halves (the whole text twice when it has one)."""
        text = str(text)
        parts = _BILINGUAL_SPLIT.split(text, maxsplit=1)
        if len(parts) == 2 and parts[0].strip() and parts[1].strip():
            return cls(parts[0].strip(), parts[1].strip())
        return cls(text, text)


class ActionRefused(Exception):
    """An action that may not be taken: ``code`` names the rule, ``field`` the input concerned.

    Apps raise it directly with a member of their error-code enum, or through a subclass kept
    under the app's older name (``ComplaintError``, ``ZoneStepRefused`` …) so callers that catch
    that name keep working.
    """

    # The older "中文 / English" text a refusal was made from, if any.
    written_as = ""

    def __init__(self, code, zh: str, en: str, field: str | None = None):
        self.message = Bilingual(zh, en)
        super().__init__(self.message)
        # Set after the base initialiser: ValidationError, one of the bases some apps mix in,
        # would otherwise reset ``code``.
        self.code = code.value if isinstance(code, Enum) else str(code)
        self.field = field or ""
        self.zh = zh
        self.en = en

    def __str__(self) -> str:
        return str(self.message)

    @property
    def in_both_languages(self) -> str:
        """Both texts, for readers with no language chosen: API clients and the terminal. A
        refusal made from an older "中文 / English" text gives that text back unchanged."""
        if self.written_as:
            return self.written_as
        return self.zh if self.zh == self.en else f"{self.zh} / {self.en}"


def coded(codes: type[Enum], value: str):
    """``value`` as a member of the app's error-code enum. An unlisted value stays a plain string
    so a refusal is never lost to a missing enum entry; each app's ``tests/test_error_codes.py``
    checks that its source names listed codes only."""
    try:
        return codes(value or "refused")
    except ValueError:
        return value or "refused"


class WrittenRefusal(ActionRefused, ValidationError):
    """A refusal written as one "中文 / English" text, the base of the apps' own refusal classes
    (``ServiceRefused``, ``CreditRefused`` …). It stays a ``ValidationError`` so the forms and
    views that show a ``ValidationError``'s messages show it too, in the reader's language."""

    # The app's error-code enum and the code used when a raise names none.
    codes: type[Enum] | None = None
    default_code = "refused"

    def __init__(self, message, *, code=None, field: str = ""):
        halves = message if isinstance(message, Bilingual) else Bilingual.split(message)
        value = code if code is not None else self.default_code
        super().__init__(coded(self.codes, value) if self.codes else value, halves.zh, halves.en)
        self.field = field or ""
        if not isinstance(message, Bilingual):
            self.written_as = str(message)


class WrittenPermissionRefusal(ActionRefused, PermissionDenied):
    """A refusal because of who asks (role, capability, jurisdiction), written "中文 / English".
    It stays a ``PermissionDenied`` so a page that does not catch it answers 403, as before."""

    codes: type[Enum] | None = None
    default_code = "not_permitted"

    def __init__(self, message, *, code=None, field: str = ""):
        halves = message if isinstance(message, Bilingual) else Bilingual.split(message)
        value = code if code is not None else self.default_code
        super().__init__(coded(self.codes, value) if self.codes else value, halves.zh, halves.en)
        self.field = field or ""
        if not isinstance(message, Bilingual):
            self.written_as = str(message)


def for_terminal(error) -> str:
    """An error's text for the command line, where no language is chosen: a refusal in both
    languages, a ``ValidationError``'s messages joined, anything else as it prints."""
    if isinstance(error, ActionRefused):
        return error.in_both_languages
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error)
