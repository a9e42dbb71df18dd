from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityType(models.TextChoices):
    """市场主体类型 (《市场主体登记管理条例》 第二条)."""

    ENTERPRISE = "enterprise", _("企业")
    INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户")
    FARMER_COOPERATIVE = "farmer_cooperative", _("农民专业合作社")
    OTHER = "other", _("其他")


class EntityStatus(models.TextChoices):
    """登记状态."""

    ACTIVE = "active", _("存续")
    DEREGISTERED = "deregistered", _("注销")
    REVOKED = "revoked", _("吊销")
    MOVED_OUT = "moved_out", _("迁出")


class ExemptionGround(models.TextChoices):
    """免于登记情形 (电子商务法 第十条)."""

    OWN_FARM_PRODUCE = "own_farm_produce", _("自产农副产品")
    HOME_HANDICRAFT = "home_handicraft", _("家庭手工业产品")
    CONVENIENCE_SERVICE = "convenience_service", _("便民劳务")
    SMALL_SPORADIC = "small_sporadic", _("零星小额交易")


class OperatorKind(models.TextChoices):
    REGISTERED = "registered", _("已登记市场主体")
    NATURAL_PERSON = "natural_person", _("自然人（免于登记）")


class SiteKind(models.TextChoices):
    WEBSITE = "website", _("网站")
    APP = "app", _("应用程序")
    MINI_PROGRAM = "mini_program", _("小程序")


class SubmissionState(models.TextChoices):
    COMMITTED = "committed", _("已入库")
    PARTIAL = "partial", _("部分入库")
    REJECTED = "rejected", _("全部驳回")


class SubmissionChannel(models.TextChoices):
    UPLOAD = "upload", _("页面上传")
    API = "api", _("接口报送")
    COMMAND_LINE = "command_line", _("命令行导入")
    DEMO = "demo", _("演示数据")


class FlagKind(models.TextChoices):
    CHECK_CHARACTER = "check_character", _("校验码错误")
    NAME_MISMATCH = "name_mismatch", _("名称与登记不符")
    NOT_IN_REGISTER = "not_in_register", _("统一社会信用代码未登记")
    OVER_EXEMPTION_THRESHOLD = "over_exemption_threshold", _("免登记经营者超过交易额标准")
    OUTSIDE_JURISDICTION = "outside_jurisdiction", _("经营地址不在辖区")
    LICENCE_MISSING = "licence_missing", _("缺少行政许可")
    LICENCE_EXPIRED = "licence_expired", _("行政许可已过期")


class FlagState(models.TextChoices):
    """提示的处理状态: a regulator handles (处理), refers (移送) or dismisses (忽略) a flag; a
    platform may report a correction on its own shop, which the regulator then confirms."""

    OPEN = "open", _("待处理")
    CORRECTION_REPORTED = "corrected", _("平台已更正，待确认")
    CLOSED = "closed", _("已处理")
    REFERRED = "referred", _("已移送")
    DISMISSED = "dismissed", _("已忽略")


# A flag in one of these states is still on the bureau's working list.
PENDING_FLAG_STATES = (FlagState.OPEN, FlagState.CORRECTION_REPORTED)


class LinkState(models.TextChoices):
    """State of a shop → market entity link (主体关联)."""

    AUTOMATIC = "automatic", _("自动关联")
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("已否决")


class LinkMethod(models.TextChoices):
    USCC = "uscc", _("统一社会信用代码一致")
    NAME_ADDRESS = "name_address", _("名称与地址相似")


class RegisterChangeKind(models.TextChoices):
    CREATED = "created", _("新增")
    CHANGED = "changed", _("变更")
    STATUS = "status", _("状态变更")
    EDITED = "edited", _("人工修改")
