from django.db import models
from django.utils.translation import gettext_lazy as _


class CreditEventKind(models.TextChoices):
    """信用记录的种类 (domain-rules.md §2, §8)."""

    PENALTY = "penalty", _("行政处罚")
    ABNORMAL_LIST_ENTRY = "abnormal_list_entry", _("列入经营异常名录")
    ABNORMAL_LIST_REMOVAL = "abnormal_list_removal", _("移出经营异常名录")
    SERIOUS_LIST_ENTRY = "serious_list_entry", _("列入严重违法失信名单")
    SERIOUS_LIST_REMOVAL = "serious_list_removal", _("移出严重违法失信名单")
    SPOT_CHECK = "spot_check", _("抽查检查结果")
    MONITORING_FINDING = "monitoring_finding", _("网络监测发现（已确认）")
    COMPLAINT = "complaint", _("投诉举报")
    LICENCE_PROBLEM = "licence_problem", _("许可问题")
    ANNUAL_REPORT_OVERDUE = "annual_report_overdue", _("未按期报送年度报告")
    ANNUAL_REPORT_FILED = "annual_report_filed", _("已报送年度报告")
    PARTNER_RECORD = "partner_record", _("协作部门推送的信用信息")


class Severity(models.TextChoices):
    """Severity of a record. Penalties: 警告 / 通报批评或较低数额罚款 / 其他 / 较重行政处罚
    (行政处罚信息公示规定 第二条、第十三条; 严重违法失信名单管理办法 第二条). Spot checks: 未发现
    问题 / 发现问题 / 严重问题."""

    NONE = "", _("不适用")
    WARNING = "warning", _("警告")
    LOW = "low", _("通报批评或较低数额罚款")
    ORDINARY = "ordinary", _("一般行政处罚")
    HEAVY = "heavy", _("较重行政处罚")
    CLEAR = "clear", _("未发现问题")
    PROBLEM = "problem", _("发现问题")
    SERIOUS = "serious", _("严重问题")


class CreditListKind(models.TextChoices):
    ABNORMAL = "abnormal", _("经营异常名录")
    SERIOUS = "serious", _("严重违法失信名单")


class ListEntryState(models.TextChoices):
    NOTIFIED = "notified", _("已告知，待陈述申辩")
    LISTED = "listed", _("已列入")
    NOT_LISTED = "not_listed", _("决定不予列入")
    REMOVED = "removed", _("已移出")


class RemovalReason(models.TextChoices):
    CURED = "cured", _("已履行义务（补报、公示、更正、变更住所）")
    EXPIRED = "expired", _("期满移出")
    EARLY_REPAIR = "early_repair", _("信用修复提前移出")
    OBJECTION_UPHELD = "objection_upheld", _("异议成立")
    DECISION_REVOKED = "decision_revoked", _("列入决定被撤销")


class RepairKind(models.TextChoices):
    """信用修复 (信用修复管理办法 第二条)."""

    ABNORMAL_REMOVAL = "abnormal_removal", _("移出经营异常名录")
    SERIOUS_EARLY_REMOVAL = "serious_early_removal", _("提前移出严重违法失信名单")
    PENALTY_PUBLICITY_STOP = "penalty_publicity_stop", _("提前停止公示行政处罚信息")


class RepairState(models.TextChoices):
    PENDING = "pending", _("待决定")
    GRANTED = "granted", _("准予修复")
    REFUSED = "refused", _("不予修复")


class Tier(models.TextChoices):
    """信用风险分类 (国市监信发〔2022〕6号)."""

    A = "A", _("A类 信用风险低")
    B = "B", _("B类 信用风险一般")
    C = "C", _("C类 信用风险较高")
    D = "D", _("D类 信用风险高")


class TierRunKind(models.TextChoices):
    MONTHLY = "monthly", _("月度全量分类")
    ENTITY = "entity", _("单户重算")
