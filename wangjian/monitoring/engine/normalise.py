"""Text normalisation before matching, with offsets mapped back to the original text.

Merchants dodge word lists by writing terms in full width (ＴＯＰ１), in traditional characters
(國家級), with zero-width characters or with symbols and spaces between the characters (最*好,
最 好). The normaliser undoes these so that one automaton over simplified, half-width triggers
catches them, and keeps what it needs to report every finding at its place in the original text.

Two edits are made, both found in one regular-expression pass over the text:

- one-to-one character replacements (traditional → simplified from OpenCC's ``t2s`` data,
  full-width letters and digits → ASCII), which keep every offset;
- deletions: zero-width characters anywhere, and runs of spaces and symbols that sit between
  two Chinese characters. Deletions shift offsets; ``NormalisedText.to_original`` undoes that.

Line breaks are never deleted, so texts joined with ``\\n`` normalise as they would alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

# The variation selector and the combining keycap turn 1 into the emoji 1️⃣ (第1️⃣).
ZERO_WIDTH = (
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\ufe0f\u20e3"
)

# Characters merchants put between the characters of a term. Line breaks are left out on
# purpose: they separate texts in a batch.
SEPARATORS = (
    " \t\u3000*＊_＿-－—–.．·•・~～|｜/／\\＼#＃@＠$＄^＾+＋=＝`'\"★☆❤♥♡●○◆◇■□▲△▼▽※→←↑↓✔✘✖✦✧✩✪✨❀✿❁"
)
EMOJI_RANGES = "\U0001f300-\U0001faff\u2600-\u26ff\u2700-\u27bf"

FULL_WIDTH_ALPHANUMERIC = {
    **{chr(0xFF10 + index): chr(0x30 + index) for index in range(10)},
    **{chr(0xFF21 + index): chr(0x41 + index) for index in range(26)},
    **{chr(0xFF41 + index): chr(0x61 + index) for index in range(26)},
    "％": "%",
    "．": ".",
}


@cache
def traditional_to_simplified() -> dict[str, str]:
    """Single characters that OpenCC's ``t2s`` conversion changes, each to one character.

    Converting each character on its own (rather than phrase by phrase) keeps every offset;
    for detection that is enough, since triggers are simplified words.
    """
    import opencc

    characters = [chr(code) for code in range(0x3400, 0xA000)]
    converted = opencc.OpenCC("t2s").convert("\n".join(characters)).split("\n")
    if len(converted) != len(characters):
        return {}
    return {
        original: simplified
        for original, simplified in zip(characters, converted, strict=True)
        if original != simplified and len(simplified) == 1
    }


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """A normalised text and the deletions that map its offsets back to the original.

    ``deletion_points[k]`` is the normalised offset just after the k-th deleted run and
    ``deleted_through[k]`` the number of original characters deleted up to and including it.
    """

    original: str
    text: str
    deletion_points: tuple[int, ...] = ()
    deleted_through: tuple[int, ...] = ()
    original_points: tuple[int, ...] = ()

    def to_original(self, position: int) -> int:
        """Original offset of the character at normalised ``position``."""
        if not self.deletion_points:
            return position
        index = bisect_right(self.deletion_points, position) - 1
        return position if index < 0 else position + self.deleted_through[index]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the normalised span ``[start, end)``."""
        if not self.deletion_points:
            return start, end
        return self.to_original(start), self.to_original(end - 1) + 1

    def to_normalised(self, original_position: int) -> int:
        """Normalised offset of an original position that was not deleted (e.g. a line start)."""
        if not self.deletion_points:
            return original_position
        index = bisect_right(self.original_points, original_position) - 1
        return original_position if index < 0 else original_position - self.deleted_through[index]


class Normaliser:
    """Undo width, script and inserted-character evasions; see the module docstring."""

    def __init__(
        self,
        *,
        relevant: Iterable[str] | None = None,
        join_after: Iterable[str] | None = None,
        join_before: Iterable[str] | None = None,
    ):
        """Build the scanners.

        ``relevant``: the characters the rules can look at (triggers, cues); traditional forms
        are replaced only when their simplified form is one of them, which keeps the number of
        edits small. ``join_after`` / ``join_before``: characters that occur in a trigger term
        before / after another character of it; a separator run is deleted only between such a
        pair. Without these every Chinese character counts.
        """
        simplified = traditional_to_simplified()
        if relevant is not None:
            relevant = set(relevant)
            simplified = {old: new for old, new in simplified.items() if new in relevant}
        self.replacements: dict[str, str] = {**simplified, **FULL_WIDTH_ALPHANUMERIC}
        for character in ZERO_WIDTH:
            self.replacements[character] = ""

        def character_class(characters: Iterable[str] | None) -> str:
            if characters is None:
                return "\u3400-\u9fff\uf900-\ufaff"
            chinese = {c for c in characters if "\u3400" <= c <= "\u9fff"}
            chinese |= {old for old, new in simplified.items() if new in chinese}
            return re.escape("".join(sorted(chinese)))

        # One scan for both edits. It starts with a character class (anything to replace or
        # drop), so the regex engine skips ahead in C; the first branch is a separator run
        # between a character that can precede and one that can follow inside a trigger term
        # (checked by look-behind and look-ahead; the classes are disjoint, so the run is the
        # whole run), marked by its empty group; the second a character to replace or drop.
        separators = re.escape(SEPARATORS + ZERO_WIDTH) + EMOJI_RANGES
        replaced = re.escape("".join(sorted(self.replacements)))
        self._scanner = re.compile(
            f"[{separators}{replaced}]"
            f"(?:(?<=[{character_class(join_after)}][{separators}])[{separators}]*"
            f"(?=[{character_class(join_before)}])()|(?<=[{replaced}]))"
        )

    def normalise(self, text: str) -> NormalisedText:
        """Normalise ``text``; offsets of the result map back through the returned object."""
        replacements = self.replacements
        parts: list[str] = []
        deletion_points: list[int] = []
        deleted_through: list[int] = []
        original_points: list[int] = []
        cursor = 0
        deleted = 0
        for match in self._scanner.finditer(text):
            start, end = match.span()
            if start > cursor:
                parts.append(text[cursor:start])
            cursor = end
            if match.lastindex is None:  # a character to replace or drop
                replacement = replacements[match.group()]
                if replacement:
                    parts.append(replacement)
                    continue
            # A deletion: a separator run or a dropped character. Adjacent deletions merge.
            point = start - deleted
            deleted += end - start
            if deletion_points and deletion_points[-1] == point:
                deleted_through[-1] = deleted
                original_points[-1] = end
            else:
                deletion_points.append(point)
                deleted_through.append(deleted)
                original_points.append(end)
        if not cursor:
            return NormalisedText(original=text, text=text)
        parts.append(text[cursor:])
        return NormalisedText(
            original=text,
            text="".join(parts),
            deletion_points=tuple(deletion_points),
            deleted_through=tuple(deleted_through),
            original_points=tuple(original_points),
        )
