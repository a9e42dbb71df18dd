from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    """平台分级 (《互联网平台分类分级指南（征求意见稿）》 2021-10-29)."""

    SUPER = "super", _("超级平台")
    LARGE = "large", _("大型平台")
    SMALL_MEDIUM = "small_medium", _("中小平台")


class RestrictionAbility(models.TextChoices):
    """限制能力: the platform's power to restrict merchants' access to users."""

    SOME = "some", _("一定的限制能力")
    STRONG = "strong", _("较强的限制能力")
    SUPER_STRONG = "super_strong", _("超强的限制能力")


class ObligationStatus(models.TextChoices):
    MET = "met", _("已履行")
    NOT_MET = "not_met", _("未履行")
    DECLARED = "declared", _("已声明待审核")
    NOT_YET_DUE = "not_yet_due", _("尚未到期")


class DeclarationState(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("审核通过")
    REJECTED = "rejected", _("审核不通过")


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交待审核")
    RETURNED = "returned", _("退回修改")
    ACCEPTED = "accepted", _("已认可")


class GuideState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class BusinessType(models.TextChoices):
    """合规指引的业务类型 (杨浦区规划 任务15: 综合零售、餐饮、直播)."""

    COMPREHENSIVE_RETAIL = "comprehensive_retail", _("综合零售")
    FOOD_DELIVERY = "food_delivery", _("餐饮外卖")
    LIVE_COMMERCE = "live_commerce", _("直播电商")


class ActionKind(models.TextChoices):
    """What a regulator asks a platform to do about a listing (电子商务法 第二十九条)."""

    TAKEDOWN = "takedown", _("删除、屏蔽或下架")
    RECTIFY = "rectify", _("督促整改")


class ActionRequestState(models.TextChoices):
    AWAITING = "awaiting", _("待平台处置")
    ANSWERED = "answered", _("平台已答复")


class ActionReply(models.TextChoices):
    TAKEN_DOWN = "taken_down", _("已下架")
    RECTIFIED = "rectified", _("已整改")
    DISPUTED = "disputed", _("有异议")
