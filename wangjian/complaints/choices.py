from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    """投诉 (a consumer dispute seeking mediation) or 举报 (a clue of a violation); a mixed
    submission becomes one of each, handled separately (暂行办法 第七条)."""

    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")


class Channel(models.TextChoices):
    WEB_FORM = "web_form", _("网上表单")
    API = "api", _("接口")
    IMPORT_12315 = "import_12315", _("12315导入")
    ODR_DESK = "odr_desk", _("平台ODR")
    DEMO = "demo", _("演示数据")


class PurchaseChannel(models.TextChoices):
    PLATFORM = "platform", _("电子商务平台内")
    OWN_WEBSITE = "own_website", _("自建网站或其他网络服务")
    LIVE_STREAM = "live_stream", _("直播间")
    OFFLINE = "offline", _("线下")


class RespondentKind(models.TextChoices):
    """被投诉人类型, which decides jurisdiction (暂行办法 第十二条、第二十七条)."""

    PLATFORM = "platform", _("电子商务平台经营者")
    IN_PLATFORM = "in_platform", _("平台内经营者")
    OWN_WEBSITE = "own_website", _("自建网站经营者")
    OFFLINE = "offline", _("线下经营者")
    UNKNOWN = "unknown", _("未识别")


class AdPublisher(models.TextChoices):
    """Who published the advertisement a report is about, which decides the bureau for reports
    of illegal advertisements in mass media and on the internet (暂行办法 第二十八条)."""

    ADVERTISER = "advertiser", _("被举报人（广告主）自行发布")
    PLATFORM = "platform", _("平台或网站发布（如付费推广）")
    OTHER = "other", _("其他广告发布者")


class State(models.TextChoices):
    RECEIVED = "received", _("已登记")
    ODR = "odr", _("ODR和解中")
    TRANSFERRED = "transferred", _("已移送")
    ACCEPTED = "accepted", _("已受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    MEDIATING = "mediating", _("调解中")
    SETTLED_ODR = "settled_odr", _("ODR已和解")
    AGREED = "agreed", _("调解成功")
    TERMINATED = "terminated", _("终止调解")
    VERIFYING = "verifying", _("举报核查中")
    CASE_FILED = "case_filed", _("已立案")
    NOT_FILED = "not_filed", _("不予立案")
    MERGED = "merged", _("已合并")


CLOSED_STATES = frozenset(
    {
        State.NOT_ACCEPTED,
        State.SETTLED_ODR,
        State.AGREED,
        State.TERMINATED,
        State.CASE_FILED,
        State.NOT_FILED,
        State.MERGED,
        State.TRANSFERRED,
    }
)


class LinkState(models.TextChoices):
    SUGGESTED = "suggested", _("疑似重复")
    LINKED = "linked", _("已关联")
    MERGED = "merged", _("已合并")
    DISMISSED = "dismissed", _("非重复")


class FlagState(models.TextChoices):
    OPEN = "open", _("待核实")
    APPEALED = "appealed", _("申诉中")
    UPHELD = "upheld", _("维持")
    WITHDRAWN = "withdrawn", _("撤销")


class HotSpotDimension(models.TextChoices):
    RESPONDENT = "respondent", _("被投诉人")
    CATEGORY = "category", _("商品类别")
    PLATFORM = "platform", _("平台")
    ISSUE = "issue", _("问题类型")


class WarningState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已批准")
    PUBLISHED = "published", _("已发布")
    REJECTED = "rejected", _("退回")


class MediationMode(models.TextChoices):
    ONSITE = "onsite", _("现场")
    ONLINE = "online", _("互联网")
    PHONE = "phone", _("电话")
    VIDEO = "video", _("视频")


class AttachmentSource(models.TextChoices):
    """Who handed an evidence file in (证据材料提交方)."""

    COMPLAINANT = "complainant", _("投诉人（举报人）")
    RESPONDENT = "respondent", _("被投诉人")
    REGULATOR = "regulator", _("市场监管部门")


class NoticeDocument(models.TextChoices):
    """The notices that go to the parties and whose sending is recorded."""

    ACCEPTANCE = "acceptance", _("受理通知书")
    NON_ACCEPTANCE = "non_acceptance", _("不予受理告知书")
    TERMINATION = "termination", _("终止调解告知书")
    REPORTER = "reporter_notice", _("告知实名举报人是否立案")


class NoticeRecipient(models.TextChoices):
    COMPLAINANT = "complainant", _("投诉人/举报人")
    RESPONDENT = "respondent", _("被投诉人")


class NoticeMethod(models.TextChoices):
    SMS = "sms", _("短信")
    POST = "post", _("邮寄")
    PLATFORM = "platform", _("平台站内信")
    IN_PERSON = "in_person", _("当面")
