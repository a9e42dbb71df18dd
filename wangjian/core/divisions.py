"""Administrative divisions (行政区划): code handling. Loading lives here too (to be written)."""

import re


class DivisionCodeError(ValueError):
    """A division code that is not 6, 9 or 12 digits."""


CODE_PATTERN = re.compile(r"^\d{6}(\d{3}(\d{3})?)?$")


def normalise_division_code(code: str) -> str:
    """Return the twelve-digit form of a 6-, 9- or 12-digit division code."""
    code = (code or "").strip()
    if not CODE_PATTERN.match(code):
        raise DivisionCodeError(
            f"区划代码 {code!r} 应为 6、9 或 12 位数字 / division code {code!r} must be 6, 9 or 12 digits"
        )
    return code.ljust(12, "0")
