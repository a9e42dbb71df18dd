"""Normalising names, addresses and search text so that 全角/半角, brackets and the many spellings
of 有限公司 compare equal. Pure Python: the importer, entity resolution and search share it."""

import re
import unicodedata

# Longest first: "股份有限公司" must be replaced before "有限公司" leaves "股份".
_COMPANY_SUFFIXES = (
    ("有限责任公司", "有限公司"),
    ("股份有限公司", "股份公司"),
    ("(有限公司)", "有限公司"),
    ("有限公司", "有限公司"),
    ("公司", "公司"),
)
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")"})
_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[\s·・,，.。、\-—_'\"“”‘’]")


def fold(text: str) -> str:
    """NFKC (full width to half width), brackets unified, spaces collapsed, lower case."""
    folded = unicodedata.normalize("NFKC", text or "").translate(_BRACKETS)
    return _SPACES.sub(" ", folded).strip().lower()


def normalise_name(name: str) -> str:
    """The comparable form of an entity or operator name.

    "上海杨浦（某某）科技有限责任公司" and "上海杨浦(某某)科技有限公司" give the same text: the
    register and platforms spell brackets and the company form differently for the same entity.
    """
    text = _PUNCTUATION.sub("", fold(name))
    for variant, canonical in _COMPANY_SUFFIXES:
        if text.endswith(variant):
            return text[: -len(variant)] + canonical
    return text


def unbracketed(text: str) -> str:
    return text.replace("(", "").replace(")", "")


def normalise_address(address: str) -> str:
    text = _PUNCTUATION.sub("", fold(address))
    # "上海市杨浦区" and "杨浦区" both occur for the same place; the municipality adds nothing.
    return text.removeprefix("中国").removeprefix("上海市")


def search_text(*parts: str) -> str:
    """Text for the search index: folded parts separated by a newline (no trigram spans two)."""
    return "\n".join(fold(part) for part in parts if part)
