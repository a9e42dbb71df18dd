"""Every state change of the platforms app, by topic: ``classification`` (分类分级),
``obligations`` (主体责任), ``assessments`` (数据合规自评估), ``guides`` (合规指引),
``requests`` (平台处置要求) and ``notices`` (通知); the event type and the checks shared by all
of them live in ``common``.

Each action takes a keyword-only ``actor`` (None for the system), runs in one transaction and
writes its audit event inside it. Every public name is re-exported here, so
``from wangjian.platforms.actions import x`` keeps working.
"""

from wangjian.platforms.actions.assessments import (
    comment_assessment,
    complete_rectification,
    review_assessment,
    save_answers,
    start_assessment,
    submit_assessment,
)
from wangjian.platforms.actions.classification import reclassify, record_year_inputs
from wangjian.platforms.actions.common import PlatformEvent
from wangjian.platforms.actions.guides import draft_guide, publish_guide
from wangjian.platforms.actions.notices import acknowledge_notice, answer_notice, send_notice
from wangjian.platforms.actions.obligations import (
    declare_obligation,
    record_rule_change,
    review_declaration,
)
from wangjian.platforms.actions.requests import (
    MAX_REPLY_ATTACHMENT_BYTES,
    MAX_REPLY_ATTACHMENTS,
    Upload,
    reply_to_action_request,
    request_platform_action,
)

__all__ = [
    "MAX_REPLY_ATTACHMENTS",
    "MAX_REPLY_ATTACHMENT_BYTES",
    "PlatformEvent",
    "Upload",
    "acknowledge_notice",
    "answer_notice",
    "comment_assessment",
    "complete_rectification",
    "declare_obligation",
    "draft_guide",
    "publish_guide",
    "reclassify",
    "record_rule_change",
    "record_year_inputs",
    "reply_to_action_request",
    "request_platform_action",
    "review_assessment",
    "review_declaration",
    "save_answers",
    "send_notice",
    "start_assessment",
    "submit_assessment",
]
