from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    """协查 asks another bureau to find facts; 移送 hands a matter to the competent bureau."""

    ASSISTANCE = "assistance", _("协查请求")
    TRANSFER = "transfer", _("移送")


class RequestState(models.TextChoices):
    SENT = "sent", _("已发出，待受理")
    ACCEPTED = "accepted", _("已受理，协查中")
    MORE_INFO = "more_info", _("待请求方补充材料")
    ANSWERED = "answered", _("已答复")
    DECLINED = "declined", _("已退回")


OPEN_STATES = (RequestState.SENT, RequestState.ACCEPTED, RequestState.MORE_INFO)


class MessageKind(models.TextChoices):
    SENT = "sent", _("发出请求")
    NOTE = "note", _("留言")
    ACCEPTED = "accepted", _("受理")
    MORE_INFO = "more_info", _("要求补充材料")
    SUPPLEMENT = "supplement", _("补充材料")
    ANSWER = "answer", _("答复")
    DECLINE = "decline", _("退回")


class Side(models.TextChoices):
    """Which side of a request a user stands on; observers (the province) only read."""

    REQUESTING = "requesting", _("请求方")
    RECEIVING = "receiving", _("协查方")
    OBSERVER = "observer", _("上级（只读）")


class AuditEventType(models.TextChoices):
    REQUEST_SENT = "collaboration.request_sent", _("发出协查请求")
    REQUEST_ACCEPTED = "collaboration.request_accepted", _("受理协查请求")
    MORE_INFO_ASKED = "collaboration.more_info_asked", _("要求补充材料")
    SUPPLEMENT_SENT = "collaboration.supplement_sent", _("补充材料")
    REQUEST_ANSWERED = "collaboration.request_answered", _("答复协查请求")
    REQUEST_DECLINED = "collaboration.request_declined", _("退回协查请求")
    MESSAGE_POSTED = "collaboration.message_posted", _("协查留言")
    REFERRAL_CONVERTED = "collaboration.referral_converted", _("移送清单转为移送请求")


class NoticeState(models.TextChoices):
    SENT = "sent", _("已推送，待反馈")
    FEEDBACK = "feedback", _("已反馈")
    REMOVAL_NOTIFIED = "removal_notified", _("已移出名单，待确认解除措施")
    LIFT_CONFIRMED = "lift_confirmed", _("已确认解除措施")


class DisciplineAuditEventType(models.TextChoices):
    PARTNER_REGISTERED = "collaboration.partner_registered", _("登记协作部门")
    NOTICE_SENT = "collaboration.discipline_notice_sent", _("推送失信名单")
    MEASURE_RECORDED = "collaboration.measure_recorded", _("记录惩戒措施")
    FEEDBACK_RECORDED = "collaboration.feedback_recorded", _("反馈惩戒情况")
    REMOVAL_NOTIFIED = "collaboration.removal_notified", _("告知名单移出")
    LIFT_CONFIRMED = "collaboration.lift_confirmed", _("确认解除惩戒措施")
    PARTNER_RECORD_RECEIVED = "collaboration.partner_record_received", _("接收协作部门信用信息")


class AlertState(models.TextChoices):
    OPEN = "open", _("待处理")
    ACKNOWLEDGED = "acknowledged", _("已知悉，跟进中")
    CLUE_OPENED = "clue_opened", _("已转为线索")
    DISMISSED = "dismissed", _("已排除")


OPEN_ALERT_STATES = (AlertState.OPEN, AlertState.ACKNOWLEDGED)


class WarningAuditEventType(models.TextChoices):
    ALERT_RAISED = "collaboration.alert_raised", _("发出风险预警")
    ALERT_UPDATED = "collaboration.alert_updated", _("更新风险预警")
    ALERT_ACKNOWLEDGED = "collaboration.alert_acknowledged", _("知悉风险预警")
    ALERT_DISMISSED = "collaboration.alert_dismissed", _("排除风险预警")
    ALERT_CLUE_OPENED = "collaboration.alert_clue_opened", _("风险预警转为线索")
    SUBSCRIBED = "collaboration.alert_subscribed", _("订阅风险预警")


class DeviceAlertState(models.TextChoices):
    RECEIVED = "received", _("已接收，待匹配主体")
    MAPPED = "mapped", _("已匹配主体")
    UNMAPPED = "unmapped", _("未匹配到主体")


class IotAuditEventType(models.TextChoices):
    ALERTS_RECEIVED = "collaboration.device_alerts_received", _("接收物联感知告警")
    ALERTS_MAPPED = "collaboration.device_alerts_mapped", _("物联感知告警匹配主体")
    CLUES_OPENED = "collaboration.device_alert_clues_opened", _("超阈值物联感知告警转为线索")


class CampaignAuditEventType(models.TextChoices):
    CAMPAIGN_CREATED = "collaboration.campaign_created", _("发起专项整治")
    TASK_ADDED = "collaboration.campaign_task_added", _("分派专项整治任务")
    TASK_DONE = "collaboration.campaign_task_done", _("完成专项整治任务")
    PROGRESS_REPORTED = "collaboration.campaign_progress_reported", _("报送工作进展")
    MEETING_RECORDED = "collaboration.campaign_meeting_recorded", _("记录联席会议纪要")
    SCAN_LAUNCHED = "collaboration.campaign_scan_launched", _("发起专项整治监测扫描")


class IndicatorAuditEventType(models.TextChoices):
    ROUND_OPENED = "collaboration.indicator_round_opened", _("开启指标采集")
    VALUE_ENTERED = "collaboration.indicator_value_entered", _("填报指标")
