from django.db import models
from django.utils.translation import gettext_lazy as _


class ScanSource(models.TextChoices):
    """Where the scanned texts came from (以网管网): uploads, platform or crawler feeds, the
    registry's shop pages."""

    UPLOAD = "upload", _("上传文件")
    FEED = "feed", _("接口报送")
    REGISTRY = "registry", _("登记店铺首页")


class BatchState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("扫描中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class FindingState(models.TextChoices):
    OPEN = "open", _("待研判")
    CONFIRMED = "confirmed", _("已确认")
    DISMISSED = "dismissed", _("已排除")


class Verdict(models.TextChoices):
    """The engine's verdict (《广告绝对化用语执法指南》第七条 for needs_substantiation)."""

    VIOLATION = "violation", _("涉嫌违法")
    NEEDS_SUBSTANTIATION = "needs_substantiation", _("需提供证明")
    EXEMPT = "exempt", _("适用例外")
    # The learned second stage's only verdict: a score, not a legal finding.
    NEEDS_REVIEW = "needs_review", _("需人工复核")


class DismissalReason(models.TextChoices):
    """Why a regulator dismissed a finding; exported to improve the rules."""

    CONTEXT = "context", _("语境不构成违法")
    EXEMPTION_PROVEN = "exemption_proven", _("经营者已证明适用例外")
    NOT_ADVERTISING = "not_advertising", _("非商业广告或经营者宣传")
    WRONG_MATCH = "wrong_match", _("匹配错误（词语切分/同形）")
    OUTDATED = "outdated", _("内容已下架或已更正")
    OTHER = "other", _("其他")


class ClueState(models.TextChoices):
    """线索 verification (《市场监督管理行政处罚程序规定》第十八条: 核查, then 立案 or not)."""

    REGISTERED = "registered", _("待核查")
    REFERRED = "referred", _("拟立案，移交办案")
    NO_CASE = "no_case", _("不予立案")


class CheckResult(models.TextChoices):
    """The handler's finding after 核查 (《市场监督管理行政处罚程序规定》第十八条)."""

    CONFIRMED = "confirmed", _("情况属实")
    PARTLY_CONFIRMED = "partly_confirmed", _("部分属实")
    NOT_CONFIRMED = "not_confirmed", _("情况不属实")
    INCONCLUSIVE = "inconclusive", _("无法核实")


DECIDED_CLUE_STATES = (ClueState.REFERRED, ClueState.NO_CASE)
