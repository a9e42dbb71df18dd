"""The platforms app's answer to ``monitoring.takedown.request_takedown``: a 删除、屏蔽或下架
request from a confirmed finding, through ``request_platform_action``."""

from wangjian.monitoring.takedown import TakedownReference


def takedown_from_finding(*, actor, finding, reason: str) -> TakedownReference:
    from wangjian.platforms.actions import request_platform_action

    request = request_platform_action(actor=actor, kind="takedown", reason=reason, finding=finding)
    return TakedownReference(
        request_id=request.pk,
        platform_name=request.platform.name,
        subject=request.subject,
        due_on=request.due_on,
    )
