"""Where inspections hands work to the enforcement app above it without importing it.

``CASE_OPENING_HOOKS``: the enforcement app appends a callable ``(actor=, inspection=, conduct=,
violated_articles=) -> str`` that opens a case (立案) from a finished 行政检查 and returns the
case's source number. It runs inside the caller's transaction, so a refused case rolls the
inspection step back. (Files are sealed through ``core.file_seals``.)
"""

from collections.abc import Callable

CASE_OPENING_HOOKS: list[Callable[..., str]] = []

# ``(actor=, sample=, conduct=, violated_articles=) -> str``: a case from a 不合格 sample.
SAMPLE_CASE_HOOKS: list[Callable[..., str]] = []
