"""Documents that leave the bureau (送达或交付当事人的文书): what they may and may not carry.

Two rules hold for every outgoing document (受理通知书, 告知书, 案件来源登记表, 评估报告 …):

- **No blank deadline.** A deadline that cannot be computed (the year's working-day table is not
  entered, ``core.working_days.CalendarYearNotCovered``) refuses the action that issues the
  document, with a message naming what is missing and who can supply it
  (``missing_calendar_message``); the document is never printed with a gap.
- **No internal note.** Verification marks in the legal data ("（条文序号未核实）",
  "〔依据未核实〕", "（二手来源）") tell staff how far a citation can be trusted; they are shown
  on staff pages and removed from what a citizen or a company receives (``public_citation``).
  ``check_outgoing`` is the last guard before a PDF is written: a document that still carries
  a note is refused rather than sent.
"""

import re

from django.utils.translation import gettext as _

# Wording the legal data and the citation formatter use for how far a basis is verified.
INTERNAL_NOTE_MARKERS = (
    "未核实",
    "尚待核实",
    "沿用旧文本",
    "二手来源",
    "未入目录",
    "未入法律目录",
    "未收录",
    "UNCONFIRMED",
)
_MARKERS = "|".join(re.escape(marker) for marker in INTERNAL_NOTE_MARKERS)
# A bracketed remark (full-width, half-width or the 〔〕 of the catalogue's mark) containing one
# of the markers; innermost brackets only, so "（总局令第121号）" next to it survives.
_NOTE = re.compile(rf"[（(〔][^（）()〔〕]*?(?:{_MARKERS})[^（）()〔〕]*?[）)〕]")


class DocumentNotIssuable(ValueError):
    """An outgoing document that cannot be issued as it stands; the message says why and who
    can fix it."""


def public_citation(text: str) -> str:
    """``text`` without the bracketed verification remarks meant for staff.

    ``public_citation("《办法》受理期限条款（期限及条文序号沿用旧文本，未核实）")`` is
    ``"《办法》受理期限条款"``.
    """
    previous = None
    text = str(text or "")
    while previous != text:
        previous, text = text, _NOTE.sub("", text)
    return text.strip()


def missing_calendar_message(year: int, *, action: str = "") -> str:
    """What a refused action tells its user when ``year``'s working-day table is missing."""
    if action:
        return _(
            "{year} 年工作日表未录入，无法计算期限：请系统管理员在“工作日历”页按国务院办公厅"
            "{year}年部分节假日安排通知录入后再{action}。"
        ).format(year=year, action=action)
    return _(
        "{year} 年工作日表未录入，无法计算期限：请系统管理员在“工作日历”页按国务院办公厅"
        "{year}年部分节假日安排通知录入。"
    ).format(year=year)


def check_outgoing(html: str, *, title: str) -> str:
    """Return ``html`` if it carries no internal verification note; raise otherwise."""
    found = [marker for marker in INTERNAL_NOTE_MARKERS if marker in html]
    if found:
        message = _("{title} 含内部核实说明（{markers}），不能出具：请联系系统管理员修正文书模板。")
        raise DocumentNotIssuable(message.format(title=title, markers="、".join(found)))
    return html
