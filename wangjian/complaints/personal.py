"""Showing complainants' and reporters' personal data.

Only regulators and section chiefs of the handling jurisdiction see contact details in full,
and each time they do an audit event is written (《个人信息保护法》 第五十一条). Everyone else sees
masked values; the respondent side never sees a reporter or a report at all (暂行办法 第三十三条),
and of a complaint it sees the complainant's masked name only, the minimum needed to settle.
"""

from wangjian.complaints import attachments
from wangjian.core.access import not_found
from wangjian.core.audit import record_personal_data_view
from wangjian.core.choices import Role

PERSONAL_FIELDS = ("complainant_name", "complainant_phone", "complainant_address")


def may_see_personal_data(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.role in (Role.REGULATOR, Role.SECTION_CHIEF)
        and user.has_capability("complaints.view_personal_data")
    )


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str) -> str:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_address(address: str) -> str:
    address = (address or "").strip()
    return address[:6] + "****" if address else ""


def masked(complaint) -> dict:
    return {
        "complainant_name": mask_name(complaint.complainant_name),
        "complainant_phone": mask_phone(complaint.complainant_phone),
        "complainant_address": mask_address(complaint.complainant_address),
    }


def contact_for(user, complaint, *, purpose: str = "办理投诉举报") -> dict:
    """The complainant's details as ``user`` may see them; full views are audited."""
    if may_see_personal_data(user):
        values = {name: getattr(complaint, name) for name in PERSONAL_FIELDS}
        shown = [name for name, value in values.items() if value]
        if shown:
            record_personal_data_view(
                actor=user,
                target=complaint,
                division=complaint.division,
                fields=shown,
                purpose=purpose,
            )
        return values
    return masked(complaint)


def attachment_content_for(user, attachment, *, purpose: str = "下载证据材料") -> bytes:
    """The bytes of an evidence file for a download; every download is audited."""
    if not may_see_personal_data(user):
        raise not_found()
    content = attachments.read(attachment)
    record_personal_data_view(
        actor=user,
        target=attachment,
        division=attachment.complaint.division,
        fields=["attachment_content"],
        purpose=purpose,
    )
    return content


def respondent_view(complaint) -> dict:
    """What the respondent (ODR desk, merchant) is shown: no reporter, no contact details."""
    return {
        "receipt_number": complaint.receipt_number,
        "received_on": complaint.received_on,
        "complainant": mask_name(complaint.complainant_name),
        "facts": complaint.facts,
        "request": complaint.request,
        "category": complaint.category,
        "amount": complaint.amount,
        "state": complaint.get_state_display(),
    }


def _evidence_labels() -> dict:
    from django.utils.translation import gettext as _

    return {
        "complaints_in_window": _("时间窗内投诉件数（含其他部门）"),
        "distinct_respondents": _("涉及被投诉人数"),
        "window_days": _("时间窗（天）"),
        "same_text_against_other_respondents": _("以相同文本投诉其他被投诉人的件数"),
        "similarity_threshold": _("相似度阈值"),
        "elsewhere": _("其他部门办理的件数（编号不显示）"),
    }


def flag_evidence_for(user, flag) -> dict:
    """A serial-pattern flag's evidence as the user may see it: the counts, and receipt numbers
    only of records the user sees; the others are counted, never named (screening counts across
    bureaus, a bureau sees its own records). Flags raised before this rule may name other
    bureaus' records in their stored evidence: they are filtered here too."""
    from wangjian.complaints.models import Complaint

    evidence = dict(flag.evidence or {})
    named = [str(r) for r in evidence.get("receipts", [])]
    named += [str(m.get("receipt", "")) for m in evidence.get("matches", [])]
    visible = set(
        Complaint.objects.visible_to(user)
        .filter(receipt_number__in=named)
        .values_list("receipt_number", flat=True)
    )
    receipts = [r for r in named if r in visible]
    evidence["elsewhere"] = int(evidence.get("elsewhere", 0)) + len(named) - len(receipts)
    labels = _evidence_labels()
    rows = [(label, evidence[key]) for key, label in labels.items() if key in evidence]
    thresholds = evidence.get("thresholds") or {}
    if thresholds:
        from django.utils.translation import gettext as _

        rows.append(
            (
                _("提示阈值"),
                _("{complaints}件、{respondents}个被投诉人").format(
                    complaints=thresholds.get("min_complaints", "—"),
                    respondents=thresholds.get("min_respondents", "—"),
                ),
            )
        )
    from django.utils.translation import gettext as _

    reasons = {
        "high_volume": _("短期内投诉多个经营者"),
        "shared_template": _("以相同文本投诉多个经营者"),
    }
    return {"label": reasons.get(flag.reason, flag.reason), "rows": rows, "receipts": receipts}
