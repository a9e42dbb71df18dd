"""Dismissed findings with their reasons, exported to improve the rules (CSV or XLSX).

Each row carries what a rule author needs: the rule and pack version that fired, the verdict,
the matched words in their context, the source type and category, and the regulator's reason.
No personal data: the triaging officer appears by role, not by name.
"""

import io

from wangjian.core.spreadsheets import csv_writer, xlsx_bytes

DISMISSAL_HEADERS = (
    "发现编号",
    "规则",
    "规则族",
    "规则包",
    "判定",
    "命中内容",
    "上下文",
    "信息类型",
    "类目",
    "排除理由代码",
    "排除理由",
    "说明",
    "研判日期",
    "辖区",
)
DISMISSAL_KEYS = (
    "finding",
    "rule",
    "family",
    "rule_pack",
    "verdict",
    "match",
    "context",
    "source_type",
    "category",
    "reason",
    "reason_label",
    "note",
    "dismissed_on",
    "division",
)


def dismissal_rows(queryset):
    """One tuple per dismissed finding of ``queryset`` (already scoped by the caller)."""
    findings = (
        queryset.filter(state="dismissed").select_related("item", "division").order_by("rule", "id")
    )
    for finding in findings.iterator(chunk_size=2000):
        yield (
            finding.pk,
            finding.rule,
            finding.family,
            finding.rule_pack,
            finding.verdict,
            finding.match,
            finding.context,
            finding.item.source_type,
            finding.item.category,
            finding.dismissal_reason,
            str(finding.get_dismissal_reason_display()),
            finding.triage_note,
            finding.triaged_at.date().isoformat() if finding.triaged_at else "",
            finding.division.name,
        )


def dismissals_csv(queryset) -> str:
    """UTF-8 CSV text with a bilingual header row (Chinese labels, then the English keys)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(DISMISSAL_HEADERS)
    writer.writerow(DISMISSAL_KEYS)
    writer.writerows(dismissal_rows(queryset))
    return buffer.getvalue()


def dismissals_xlsx(queryset) -> bytes:
    return xlsx_bytes("排除记录", DISMISSAL_HEADERS, dismissal_rows(queryset))
