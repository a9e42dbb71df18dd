"""Every state change of the collaboration app: 协查 requests (``requests``) and 联合惩戒
(``discipline``)."""

from wangjian.collaboration.actions.discipline import (
    confirm_lift,
    dispatch_list_entries,
    receive_partner_record,
    record_feedback,
    record_measure,
    register_partner_department,
)
from wangjian.collaboration.actions.requests import (
    CollaborationError,
    Upload,
    accept_request,
    answer_request,
    ask_for_more,
    bureau_for,
    convert_referral,
    decline_request,
    post_message,
    send_request,
    send_supplement,
    subject_scope,
)

__all__ = [
    "CollaborationError",
    "Upload",
    "accept_request",
    "answer_request",
    "ask_for_more",
    "bureau_for",
    "confirm_lift",
    "convert_referral",
    "decline_request",
    "dispatch_list_entries",
    "post_message",
    "receive_partner_record",
    "record_feedback",
    "record_measure",
    "register_partner_department",
    "send_request",
    "send_supplement",
    "subject_scope",
]
