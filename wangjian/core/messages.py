"""Showing a refused action's reasons on the next page, in the reader's language."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import get_language

# "中文说明 / English text": the separator of the older bilingual messages, found where Chinese
# text ends and English begins.
_BILINGUAL = re.compile(r"^(?P<zh>.*?[\u4e00-\u9fff].*?) / (?P<en>.*?[A-Za-z]{3}.*)$", re.S)


def in_active_language(text: str) -> str:
    """One language of a "中文 / English" message: the Chinese part, or the English part when
    the reader chose English. Messages already in one language pass unchanged; several
    messages joined by "；" are split one by one."""
    english = (get_language() or "zh-hans").startswith("en")
    parts = []
    for part in str(text).split("；"):
        match = _BILINGUAL.match(part.strip())
        parts.append(match.group("en" if english else "zh") if match else part)
    return ("; " if english else "；").join(parts)


def show_error(request, error) -> None:
    """Put an action's refusal (all of a ValidationError's messages) in the message bar."""
    text = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, in_active_language(text))
