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
