"""案件来源登记表 of a clue (线索) as PDF, rendered by WeasyPrint with the Debian fonts-noto-cjk
fonts.

The record follows 《市场监督管理行政处罚程序规定》第十八条 (number UNCONFIRMED): a case source
found by online monitoring is registered, verified within the period of the clue's rules version,
and the head decides whether to open a case. The period's citation is the one of the version
stored on the clue, so a record printed later names the rule that applied when it was registered.
"""

import re

from django.template.loader import render_to_string
from django.utils import timezone

from wangjian.monitoring import rulebook
from wangjian.monitoring.clue_rules import ClueRulesError, clue_rules_version
from wangjian.monitoring.engine.rules import current_rule_pack
from wangjian.monitoring.models import Finding

TEMPLATE = "monitoring/documents/clue_record.html"
# Characters of the item's text printed each side of the match.
CONTEXT_WINDOW = 40


def bureau_name(division) -> str:
    """The bureau serving ``division``: the one bound to it or to its nearest ancestor."""
    from wangjian.core.choices import OrgUnitKind
    from wangjian.core.models import OrgUnit

    chain = [*division.ancestors(), division]
    bureaus = {}
    units = OrgUnit.objects.filter(kind=OrgUnitKind.BUREAU, is_active=True, division__in=chain)
    for unit in units.order_by("pk"):
        bureaus.setdefault(unit.division_id, unit.name)
    for candidate in reversed(chain):
        if candidate.pk in bureaus:
            return bureaus[candidate.pk]
    return division.name


def _extension(clue):
    """The approval of the extension, from the audit log: the clue keeps only its reason."""
    from wangjian.core.models import AuditEvent

    if not clue.extended:
        return None
    return (
        AuditEvent.objects.select_related("actor")
        .filter(
            event_type="monitoring.clue_verification_extended",
            target_type="monitoring.clue",
            target_id=str(clue.pk),
        )
        .order_by("sequence")
        .last()
    )


def _rule_title(pack, rule_id: str) -> str:
    # A finding keeps its rule id when a later pack drops the rule; the title is then unknown.
    try:
        return pack.rule(rule_id).title
    except KeyError:
        return ""


def _finding_rows(findings) -> list[dict]:
    pack = current_rule_pack(None)
    rows = []
    for finding in findings:
        text = finding.item.title if finding.field == "title" else finding.item.text
        rows.append(
            {
                "finding": finding,
                "rule_title": _rule_title(pack, finding.rule),
                "span": rulebook.span_parts(text, finding.start, finding.end, CONTEXT_WINDOW),
            }
        )
    return rows


def clue_record_context(clue, user) -> dict:
    findings = list(
        Finding.objects.visible_to(user)
        .filter(clue=clue)
        .select_related("item", "batch", "batch__platform", "triaged_by")
        .order_by("created_at", "id")
    )
    try:
        rules = clue_rules_version(clue.rules_version)
    except ClueRulesError:
        rules = None
    first = findings[0] if findings else None
    shop = clue.shop
    return {
        "clue": clue,
        "bureau": bureau_name(clue.division),
        "first": first,
        "shop": shop,
        "platform": shop.platform if shop else (first.batch.platform if first else None),
        "entity": clue.entity,
        "findings": _finding_rows(findings),
        "legal": list(rulebook.legal_texts(clue.legal_basis).values()),
        "rules": rules,
        "extension": _extension(clue),
        "generated_at": timezone.localtime(),
    }


def render_clue_record_html(clue, user) -> str:
    """The record as HTML; refused while its 核查期限 has no date (the year's working-day
    table is missing) or when it would carry a staff-only verification note."""
    from wangjian.core.documents import (
        DocumentNotIssuable,
        check_outgoing,
        missing_calendar_message,
    )

    title = f"{clue.number} 案件来源登记表"
    if clue.due_on is None:
        found = re.search(r"\d{4}", clue.calendar_note or "")
        year = int(found.group()) if found else clue.discovered_on.year + 1
        raise DocumentNotIssuable(f"{title}：{missing_calendar_message(year, action='出具')}")
    return check_outgoing(render_to_string(TEMPLATE, clue_record_context(clue, user)), title=title)


def render_clue_record_pdf(clue, user) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_clue_record_html(clue, user)).write_pdf()
