from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionLevel(models.IntegerChoices):
    """The five levels of 行政区划 (GB/T 2260 for county and above; 统计用区划代码 below)."""

    COUNTRY = 0, _("国家")
    PROVINCE = 1, _("省级")
    CITY = 2, _("地级")
    COUNTY = 3, _("县级")
    TOWNSHIP = 4, _("乡级")


class Role(models.TextChoices):
    """User roles (architecture.md §1)."""

    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    PROVINCE_ADMIN = "province_admin", _("省局管理员")
    REGULATOR = "regulator", _("监管人员")
    SECTION_CHIEF = "section_chief", _("科室负责人")
    PLATFORM_OPERATOR = "platform_operator", _("平台企业")
    MERCHANT = "merchant", _("经营者")
    CONSUMER = "consumer", _("消费者")
    EVALUATOR = "evaluator", _("第三方评估机构")
    PARTNER_DEPARTMENT = "partner_department", _("协作部门")
    INDUSTRY_ASSOCIATION = "industry_association", _("行业协会")


class OrgUnitKind(models.TextChoices):
    BUREAU = "bureau", _("市场监督管理局")
    SECTION = "section", _("科室")
    STATION = "station", _("市场监督管理所")
    PARTNER = "partner", _("协作部门")
    EVALUATOR = "evaluator", _("评估机构")
    PLATFORM = "platform", _("平台企业")


class JobState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class LegalInstrumentKind(models.TextChoices):
    LAW = "law", _("法律")
    ADMINISTRATIVE_REGULATION = "administrative_regulation", _("行政法规")
    DEPARTMENTAL_RULE = "departmental_rule", _("部门规章")
    NORMATIVE_DOCUMENT = "normative_document", _("规范性文件")
    NATIONAL_STANDARD = "national_standard", _("国家标准")
    LOCAL_DOCUMENT = "local_document", _("地方文件")
    GUIDELINE = "guideline", _("指南")


class VerificationStatus(models.TextChoices):
    """Whether a legal text or number was checked against a retrieved text (domain-rules.md)."""

    CONFIRMED = "confirmed", _("已核对原文")
    SECONDARY = "secondary", _("仅经二手来源核对")
    UNCONFIRMED = "unconfirmed", _("未核实")


class AttemptScope(models.TextChoices):
    """What a failed attempt was counted against."""

    SIGN_IN_USERNAME = "sign_in_username", _("登录（用户名）")
    SIGN_IN_ADDRESS = "sign_in_address", _("登录（来源地址）")
    COMPLAINT_LOOKUP = "complaint_lookup", _("投诉查询码（登记编号）")


class AuditEventType(models.TextChoices):
    """Audit event types of core (other apps name theirs ``<app>.<verb>``)."""

    SIGNED_IN = "core.signed_in", _("登录")
    SIGN_IN_FAILED = "core.sign_in_failed", _("登录失败")
    SIGN_IN_LOCKED = "core.sign_in_locked", _("登录锁定")
    API_TOKEN_ISSUED = "core.api_token_issued", _("签发接口令牌")
    API_TOKEN_ROTATED = "core.api_token_rotated", _("轮换接口令牌")
    API_TOKEN_REVOKED = "core.api_token_revoked", _("作废接口令牌")
    ORG_UNIT_CREATED = "core.org_unit_created", _("新建机构")
    ORG_UNIT_ACTIVATED = "core.org_unit_activated", _("启用机构")
    ORG_UNIT_DEACTIVATED = "core.org_unit_deactivated", _("停用机构")
    USER_CREATED = "core.user_created", _("新建用户")
    USER_UPDATED = "core.user_updated", _("修改用户")
    USER_ACTIVATED = "core.user_activated", _("启用用户")
    USER_DEACTIVATED = "core.user_deactivated", _("停用用户")
    PASSWORD_RESET = "core.password_reset", _("重置密码")
    AUDIT_HEAD_PUBLISHED = "core.audit_head_published", _("公布审计链头")
    DIVISIONS_LOADED = "core.divisions_loaded", _("载入行政区划")
    JOB_SUCCEEDED = "core.job_succeeded", _("后台任务完成")
    JOB_FAILED = "core.job_failed", _("后台任务失败")
    JOB_ABANDONED = "core.job_abandoned", _("放弃后台任务")
    JOB_STARTED = "core.job_started", _("启动后台任务")
    LEGAL_CATALOGUE_LOADED = "core.legal_catalogue_loaded", _("载入法律依据目录")
    LIST_EXPORTED = "core.list_exported", _("导出列表")
    PERSONAL_DATA_VIEWED = "core.personal_data_viewed", _("查阅个人信息")
    WORKING_DAY_CLOCKS_RECOMPUTED = "core.working_day_clocks_recomputed", _("重新计算工作日期限")
    WORKING_DAY_YEAR_DELETED = "core.working_day_year_deleted", _("删除年度工作日历")
    WORKING_DAY_YEAR_ENTERED = "core.working_day_year_entered", _("录入年度工作日历")
