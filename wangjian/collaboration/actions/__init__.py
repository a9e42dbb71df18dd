"""Every state change of the collaboration app: 协查 requests (``requests``), 联合惩戒
(``discipline``) and 风险预警 (``risk``)."""

from wangjian.collaboration.actions.campaigns import (
    add_task,
    create_campaign,
    launch_campaign_scan,
    record_meeting,
    report_progress,
)
from wangjian.collaboration.actions.discipline import (
    confirm_lift,
    dispatch_list_entries,
    receive_partner_record,
    record_feedback,
    record_measure,
    register_partner_department,
)
from wangjian.collaboration.actions.indicators import enter_value, open_round
from wangjian.collaboration.actions.iot import (
    Backpressure,
    map_waiting_alerts,
    open_device_clues,
    receive_device_alerts,
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
from wangjian.collaboration.actions.risk import (
    acknowledge_alert,
    dismiss_alert,
    evaluate_risk,
    open_clue_for_alert,
    subscribe,
    subscribed_alerts,
)

__all__ = [
    "Backpressure",
    "CollaborationError",
    "Upload",
    "accept_request",
    "acknowledge_alert",
    "add_task",
    "answer_request",
    "ask_for_more",
    "bureau_for",
    "confirm_lift",
    "convert_referral",
    "create_campaign",
    "decline_request",
    "dismiss_alert",
    "dispatch_list_entries",
    "enter_value",
    "evaluate_risk",
    "launch_campaign_scan",
    "map_waiting_alerts",
    "open_clue_for_alert",
    "open_device_clues",
    "open_round",
    "post_message",
    "receive_device_alerts",
    "receive_partner_record",
    "record_feedback",
    "record_measure",
    "record_meeting",
    "register_partner_department",
    "report_progress",
    "send_request",
    "send_supplement",
    "subject_scope",
    "subscribe",
    "subscribed_alerts",
]
