"""Detail lookups: the same 404 for missing, out-of-jurisdiction and not permitted."""

from wangjian.complaints.models import (
    Complaint,
    ComplaintAttachment,
    ConsumerWarning,
    DuplicateLink,
    HotSpot,
    SerialFlag,
)
from wangjian.core.access import get_visible_or_404


def get_complaint_for(user, complaint_id) -> Complaint:
    return get_visible_or_404(
        Complaint.objects.select_related("division", "platform", "respondent_entity"),
        user,
        "complaints.view_complaint",
        pk=complaint_id,
    )


def get_handled_complaint_for(user, complaint_id) -> Complaint:
    """For the bureau's own steps: respondents do not reach these."""
    return get_visible_or_404(
        Complaint.objects.select_related("division"), user, "complaints.handle", pk=complaint_id
    )


def get_attachment_for_download(user, complaint_id, attachment_id) -> ComplaintAttachment:
    """证据材料 carry personal data (names and addresses on receipts): only roles that may see
    it, for records they see; the respondent side never downloads."""
    complaint = get_complaint_for(user, complaint_id)
    return get_visible_or_404(
        ComplaintAttachment.objects.select_related("complaint__division"),
        user,
        "complaints.view_personal_data",
        pk=attachment_id,
        complaint=complaint,
    )


def get_duplicate_link_for(user, link_id) -> DuplicateLink:
    return get_visible_or_404(DuplicateLink.objects, user, "complaints.handle", pk=link_id)


def get_flag_for(user, flag_id) -> SerialFlag:
    return get_visible_or_404(SerialFlag.objects, user, "complaints.handle", pk=flag_id)


def get_hotspot_for(user, hotspot_id) -> HotSpot:
    return get_visible_or_404(HotSpot.objects, user, "complaints.handle", pk=hotspot_id)


def get_warning_for(user, warning_id) -> ConsumerWarning:
    return get_visible_or_404(
        ConsumerWarning.objects, user, "complaints.view_warning", pk=warning_id
    )
