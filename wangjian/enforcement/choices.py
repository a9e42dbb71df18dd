from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    """The ordinary procedure: 核查 → 立案/不予立案 → 调查 → 审核 → 告知 → 陈述申辩/听证 → 决定 →
    送达 → 执行 → 结案 (公示 is recorded beside the state: it runs from the decision)."""

    VERIFYING = "verifying", _("核查")
    NOT_FILED = "not_filed", _("不予立案")
    INVESTIGATING = "investigating", _("调查")
    REVIEWING = "reviewing", _("审核")
    NOTIFIED = "notified", _("告知（陈述申辩期）")
    HEARING = "hearing", _("听证")
    DECIDED = "decided", _("已决定")
    SERVED = "served", _("已送达")
    EXECUTED = "executed", _("执行完毕")
    CLOSED = "closed", _("结案")
    WITHDRAWN = "withdrawn", _("撤销立案")
    JUDICIAL = "judicial", _("已移送司法机关")


OPEN_STATES = (
    CaseState.VERIFYING,
    CaseState.INVESTIGATING,
    CaseState.REVIEWING,
    CaseState.NOTIFIED,
    CaseState.HEARING,
    CaseState.DECIDED,
    CaseState.SERVED,
    CaseState.EXECUTED,
    CaseState.JUDICIAL,
)
# States in which the decision period (90 days from 立案) runs.
DECISION_CLOCK_STATES = (
    CaseState.INVESTIGATING,
    CaseState.REVIEWING,
    CaseState.NOTIFIED,
    CaseState.HEARING,
)


class SourceKind(models.TextChoices):
    CLUE = "clue", _("网络监测线索")
    REPORT = "report", _("举报")
    INSPECTION = "inspection", _("抽查检查结果")
    TRANSFER = "transfer", _("其他机关移送")
    HOTSPOT = "hotspot", _("投诉热点")
    OTHER = "other", _("其他来源")


class PartyKind(models.TextChoices):
    ENTITY = "entity", _("市场主体")
    SHOP = "shop", _("网店经营者（未关联登记主体）")
    PERSON = "person", _("自然人")


class Outcome(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    NO_PENALTY = "no_penalty", _("不予行政处罚")


class PenaltyKind(models.TextChoices):
    """行政处罚法 第九条 kinds, as used in 市场监管."""

    WARNING = "warning", _("警告")
    CRITICISM = "criticism", _("通报批评")
    FINE = "fine", _("罚款")
    CONFISCATION = "confiscation", _("没收违法所得、没收非法财物")
    DOWNGRADE = "downgrade", _("降低资质等级")
    REVOCATION = "revocation", _("吊销许可证件、营业执照")
    SUSPENSION = "suspension", _("责令停产停业")
    BUSINESS_RESTRICTION = "business_restriction", _("限制开展生产经营活动")
    OCCUPATION_BAN = "occupation_ban", _("限制从业")


HEAVY_PENALTY_KINDS = frozenset(
    {
        PenaltyKind.DOWNGRADE,
        PenaltyKind.REVOCATION,
        PenaltyKind.SUSPENSION,
        PenaltyKind.BUSINESS_RESTRICTION,
        PenaltyKind.OCCUPATION_BAN,
    }
)


class NoPenaltyGround(models.TextChoices):
    """行政处罚法 第三十三条."""

    MINOR = "minor", _("违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款前段）")
    FIRST_OFFENCE = "first_offence", _("初次违法且危害后果轻微并及时改正（第三十三条第一款后段）")
    NO_FAULT = "no_fault", _("当事人有证据足以证明没有主观过错（第三十三条第二款）")


class PauseKind(models.TextChoices):
    """Time not counted in the decision period (程序规定 第六十四条, number unconfirmed)."""

    SUSPENSION = "suspension", _("中止")
    HEARING = "hearing", _("听证")
    PUBLIC_NOTICE = "public_notice", _("公告")
    TESTING = "testing", _("检测、检验、检疫、鉴定")


class RecordKind(models.TextChoices):
    """Structured records of the investigation: 行政处罚法 第五十五条第二款 "询问或者检查应当制作
    笔录"; 第四十二条 at least two officers with enforcement credentials."""

    INQUIRY = "inquiry", _("询问笔录")
    INSPECTION = "inspection", _("现场检查笔录")


class MeasureKind(models.TextChoices):
    """Evidence preservation and administrative coercive measures taken in a case."""

    PRESERVATION = "preservation", _("先行登记保存")
    SEALING = "sealing", _("查封")
    DETENTION = "detention", _("扣押")


# The period (procedure.yaml key) that runs from each measure.
MEASURE_PERIOD = {
    MeasureKind.PRESERVATION: "preservation_decision_due",
    MeasureKind.SEALING: "seizure_due",
    MeasureKind.DETENTION: "seizure_due",
}


class JudicialAnswer(models.TextChoices):
    PENDING = "pending", _("待公安机关答复")
    ACCEPTED = "accepted", _("公安机关已立案")
    DECLINED = "declined", _("公安机关不予立案（退回）")


class Acknowledgement(models.TextChoices):
    """The party's (or interviewee's) check and signature of a record; a refusal is noted on
    the record by the officers (程序规定; the article number is not verified here)."""

    PENDING = "pending", _("待核对签字")
    SIGNED = "signed", _("已核对签字")
    REFUSED = "refused", _("拒绝签字（已注明）")


class Subject(models.TextChoices):
    """What an approval round decides."""

    FILING = "filing", _("立案审批")
    PROPOSAL = "proposal", _("案件审核（处理意见）")
    DECISION = "decision", _("处理决定审批")
    EXTENSION = "extension", _("延长办案期限")
    CLOSING = "closing", _("结案审批")


class Stage(models.TextChoices):
    PROPOSE = "propose", _("承办人意见")
    REVIEW = "review", _("审核意见")
    APPROVE = "approve", _("负责人审批")


# The stages of each subject, in order (承办人 → 审核 → 负责人).
SUBJECT_STAGES = {
    Subject.FILING: (Stage.PROPOSE, Stage.REVIEW, Stage.APPROVE),
    Subject.PROPOSAL: (Stage.PROPOSE, Stage.REVIEW, Stage.APPROVE),
    Subject.DECISION: (Stage.PROPOSE, Stage.APPROVE),
    Subject.EXTENSION: (Stage.PROPOSE, Stage.APPROVE),
    Subject.CLOSING: (Stage.PROPOSE, Stage.APPROVE),
}


class GuidanceKind(models.TextChoices):
    """Non-penalty tools (行政指导) of the Yangpu plan, task 8."""

    REMINDER = "reminder", _("提醒告诫函")
    ADVICE = "advice", _("行政指导建议书")
    INTERVIEW = "interview", _("行政约谈")
    WARNING = "warning", _("警示")
    RECTIFICATION = "rectification", _("责令改正通知书")


class GuidanceState(models.TextChoices):
    ISSUED = "issued", _("已发出")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class ErrorCode(models.TextChoices):
    """Coded refusals of enforcement actions; the label is the Chinese text, the English text
    is in ERROR_TEXT_EN (and the app's English catalogue)."""

    WRONG_ROLE = "ENF-ROLE", _("角色不符：此步骤须由相应角色办理")
    NOT_HANDLER = "ENF-HANDLER", _("只有本案承办人可以提出承办人意见")
    SAME_PERSON = "ENF-SAME", _("审核人不得是提出意见的承办人")
    OUT_OF_ORDER = "ENF-ORDER", _("审批顺序不符：须依次经承办人、审核、负责人")
    WRONG_STATE = "ENF-STATE", _("案件当前状态不允许此操作")
    FINE_OUT_OF_RANGE = "ENF-FINE", _("罚款数额超出法定幅度")
    FINE_RULE_UNKNOWN = "ENF-FINE-RULE", _("处罚依据条文未载入罚款幅度")
    BLANK_DEADLINE = "ENF-DEADLINE", _("期限为空，文书不能出具")
    INVALID = "ENF-INVALID", _("输入不完整或无效")
    NOT_VISIBLE = "ENF-SCOPE", _("记录不存在或不在本辖区")
    CALENDAR = "ENF-CALENDAR", _("工作日年度表未录入，期限无法计算")
    OFFICERS = "ENF-OFFICERS", _("执法人员不得少于两人，且须持有有效执法证")


ERROR_TEXT_EN = {
    ErrorCode.WRONG_ROLE: "wrong role: this step belongs to another role",
    ErrorCode.NOT_HANDLER: "only the case officer (承办人) may give the officer's opinion",
    ErrorCode.SAME_PERSON: "the reviewer must not be the officer who proposed",
    ErrorCode.OUT_OF_ORDER: "out of order: officer, then review, then the head",
    ErrorCode.WRONG_STATE: "the case's state does not allow this",
    ErrorCode.FINE_OUT_OF_RANGE: "the fine is outside the article's range",
    ErrorCode.FINE_RULE_UNKNOWN: "no fine range is loaded for the penalty article",
    ErrorCode.BLANK_DEADLINE: "a deadline is blank; the document cannot be issued",
    ErrorCode.INVALID: "incomplete or invalid input",
    ErrorCode.NOT_VISIBLE: "the record is missing or outside your jurisdiction",
    ErrorCode.CALENDAR: "a year's working-day table is missing; the deadline cannot be computed",
    ErrorCode.OFFICERS: "at least two officers, each with a valid enforcement certificate",
}


class EventType(models.TextChoices):
    """Audit event types of the app."""

    CASE_REGISTERED = "enforcement.case_registered", _("登记案源")
    APPROVAL = "enforcement.approval", _("审批步骤")
    FILED = "enforcement.case_filed", _("立案")
    NOT_FILED = "enforcement.case_not_filed", _("不予立案")
    PROPOSAL_APPROVED = "enforcement.proposal_approved", _("处理意见经审批")
    RETURNED = "enforcement.returned", _("退回承办人")
    NOTIFIED = "enforcement.notified", _("告知")
    STATEMENT = "enforcement.statement", _("陈述申辩")
    HEARING_REQUESTED = "enforcement.hearing_requested", _("要求听证")
    HEARING_HELD = "enforcement.hearing_held", _("听证结束")
    DECIDED = "enforcement.decided", _("作出决定")
    SERVED = "enforcement.served", _("送达")
    EXECUTED = "enforcement.executed", _("执行完毕")
    CLOSED = "enforcement.closed", _("结案")
    PUBLISHED = "enforcement.published", _("公示")
    PUBLICITY_WITHDRAWN = "enforcement.publicity_withdrawn", _("撤回公示")
    PAUSED = "enforcement.paused", _("期限中止计算")
    RESUMED = "enforcement.resumed", _("期限恢复计算")
    EXTENDED = "enforcement.extended", _("延长办案期限")
    TRANSFERRED = "enforcement.transferred", _("移送")
    TRANSFER_RECEIVED = "enforcement.transfer_received", _("接收移送")
    GUIDANCE_ISSUED = "enforcement.guidance_issued", _("发出行政指导文书")
    GUIDANCE_ACKNOWLEDGED = "enforcement.guidance_acknowledged", _("签收")
    GUIDANCE_ANSWERED = "enforcement.guidance_answered", _("答复")
    GUIDANCE_RECORDED = "enforcement.guidance_recorded", _("约谈记录")
    GUIDANCE_RECHECKED = "enforcement.guidance_rechecked", _("复查")
    RECORD_MADE = "enforcement.record_made", _("制作笔录")
    RECORD_ACKNOWLEDGED = "enforcement.record_acknowledged", _("笔录签字确认")
    MEASURE_TAKEN = "enforcement.measure_taken", _("采取先行登记保存或查封、扣押")
    MEASURE_EXTENDED = "enforcement.measure_extended", _("延长查封、扣押期限")
    MEASURE_ENDED = "enforcement.measure_ended", _("对登记保存或查封、扣押物品作出处理决定")
    JUDICIAL_TRANSFERRED = "enforcement.judicial_transferred", _("移送司法机关")
    JUDICIAL_RECEIPT = "enforcement.judicial_receipt", _("司法机关接收回执")
    JUDICIAL_ANSWER = "enforcement.judicial_answer", _("公安机关立案答复")
