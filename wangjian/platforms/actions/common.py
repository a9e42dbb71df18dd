"""Event types and the permission and locking checks shared by platforms actions."""

from wangjian.platforms.error_codes import PlatformErrorCode, PlatformNotPermitted
from wangjian.registry.models import Platform


class PlatformEvent:
    """Audit event types of the platforms app."""

    INPUTS_RECORDED = "platforms.inputs_recorded"
    CLASSIFIED = "platforms.classified"
    RULE_CHANGE_RECORDED = "platforms.rule_change_recorded"
    OBLIGATION_DECLARED = "platforms.obligation_declared"
    DECLARATION_REVIEWED = "platforms.declaration_reviewed"
    ASSESSMENT_STARTED = "platforms.assessment_started"
    ASSESSMENT_SAVED = "platforms.assessment_saved"
    ASSESSMENT_SUBMITTED = "platforms.assessment_submitted"
    ASSESSMENT_COMMENTED = "platforms.assessment_commented"
    ASSESSMENT_REVIEWED = "platforms.assessment_reviewed"
    RECTIFICATION_COMPLETED = "platforms.rectification_completed"
    GUIDE_DRAFTED = "platforms.guide_drafted"
    GUIDE_PUBLISHED = "platforms.guide_published"
    ACTION_REQUESTED = "platforms.action_requested"
    ACTION_REPLIED = "platforms.action_replied"
    NOTICE_SENT = "platforms.notice_sent"
    NOTICE_ACKNOWLEDGED = "platforms.notice_acknowledged"
    NOTICE_ANSWERED = "platforms.notice_answered"


def _require(actor, capability: str, platform: Platform | None = None) -> None:
    """Raise PermissionDenied unless ``actor`` has ``capability`` and reaches ``platform``."""
    if actor is None:
        return
    if not actor.has_capability(capability):
        raise PlatformNotPermitted("无此权限 / not permitted")
    if platform is not None and not Platform.objects.visible_to(actor).filter(pk=platform.pk):
        raise PlatformNotPermitted(
            "无权操作该平台 / not permitted for this platform", code=PlatformErrorCode.NOT_PERMITTED
        )


def _locked_platform(platform: Platform) -> Platform:
    return Platform.objects.select_for_update().get(pk=platform.pk)
