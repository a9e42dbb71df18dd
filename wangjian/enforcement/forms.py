from django import forms
from django.utils.translation import gettext_lazy as _

from wangjian.core.forms import ArticleChoiceField, ArticleMultipleChoiceField
from wangjian.enforcement.choices import (
    Acknowledgement,
    CaseState,
    GuidanceKind,
    MeasureKind,
    NoPenaltyGround,
    Outcome,
    PauseKind,
    PenaltyKind,
    RecordKind,
    SourceKind,
    Stage,
    Subject,
)

OVERDUE = "overdue"
TRANSFERRED_OUT = "transferred_out"
DATE = {"type": "date"}


class CaseFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[
            ("", _("全部")),
            (OVERDUE, _("已逾期")),
            (TRANSFERRED_OUT, _("已移送其他机关")),
            *CaseState.choices,
        ],
    )
    source = forms.ChoiceField(
        label=_("来源"), required=False, choices=[("", _("全部")), *SourceKind.choices]
    )
    article = forms.CharField(label=_("条文"), required=False, max_length=80)
    officer = forms.CharField(label=_("承办人"), required=False, max_length=150)
    q = forms.CharField(
        label=_("搜索（案号、当事人、店铺名称或编号）"), required=False, max_length=100
    )


class ClueCaseForm(forms.Form):
    clue = forms.IntegerField(label=_("线索"), widget=forms.Select)


class RegisterForm(forms.Form):
    conduct = forms.CharField(label=_("涉嫌违法行为"), widget=forms.Textarea(attrs={"rows": 3}))
    entity_uscc = forms.CharField(label=_("当事人统一社会信用代码"), required=False, max_length=18)
    person_name = forms.CharField(label=_("或：自然人姓名"), required=False, max_length=100)
    person_id = forms.CharField(label=_("身份证号码"), required=False, max_length=18)
    found_on = forms.DateField(label=_("发现日期"), widget=forms.DateInput(attrs=DATE))


class ApprovalForm(forms.Form):
    subject = forms.ChoiceField(label=_("审批事项"), choices=Subject.choices)
    stage = forms.ChoiceField(label=_("步骤"), choices=Stage.choices)
    agreed = forms.TypedChoiceField(
        label=_("意见"),
        choices=[("1", _("同意")), ("0", _("不同意，退回"))],
        coerce=lambda value: value == "1",
        initial="1",
    )
    opinion = forms.CharField(label=_("意见内容"), widget=forms.Textarea(attrs={"rows": 2}))
    # Filing.
    file = forms.TypedChoiceField(
        label=_("是否立案"),
        required=False,
        choices=[("1", _("立案")), ("0", _("不予立案"))],
        coerce=lambda value: value == "1",
    )
    # Proposal.
    outcome = forms.ChoiceField(
        label=_("处理结果"), required=False, choices=[("", "—"), *Outcome.choices]
    )
    penalty_kinds = forms.MultipleChoiceField(
        label=_("处罚种类"),
        required=False,
        choices=PenaltyKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    fine_amount = forms.DecimalField(label=_("罚款金额（元）"), required=False, min_value=0)
    fine_base_amount = forms.DecimalField(
        label=_("计罚基数（元，如广告费用）"), required=False, min_value=0
    )
    penalty_article = ArticleChoiceField(label=_("处罚依据"), required=False)
    no_penalty_ground = forms.ChoiceField(
        label=_("不予处罚理由"), required=False, choices=[("", "—"), *NoPenaltyGround.choices]
    )
    corrected = forms.TypedChoiceField(
        label=_("是否及时改正"),
        required=False,
        choices=[("", _("尚不清楚")), ("1", _("是")), ("0", _("否"))],
        coerce=lambda value: {"1": True, "0": False}.get(value),
        empty_value=None,
    )
    harm = forms.ChoiceField(
        label=_("危害后果"),
        required=False,
        choices=[
            ("", _("尚不清楚")),
            ("none", _("没有危害后果")),
            ("minor", _("危害后果轻微")),
            ("harmful", _("有危害后果")),
        ],
    )
    # Decision.
    education_record = forms.CharField(
        label=_("教育记录（不予处罚时必填）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def payload(self) -> dict:
        data = self.cleaned_data
        subject = data["subject"]
        if subject == Subject.FILING:
            return {"file": data.get("file")}
        if subject == Subject.PROPOSAL:
            return {
                "outcome": data.get("outcome"),
                "penalty_kinds": data.get("penalty_kinds") or [],
                "fine_amount": data.get("fine_amount"),
                "fine_base_amount": data.get("fine_base_amount"),
                "penalty_article": data.get("penalty_article"),
                "no_penalty_ground": data.get("no_penalty_ground"),
                "corrected": data.get("corrected"),
                "harm": data.get("harm") or None,
            }
        if subject == Subject.DECISION:
            return {"education_record": data.get("education_record", "")}
        return {}


class StepForm(forms.Form):
    """The officer's steps that are not approvals."""

    step = forms.ChoiceField(
        label=_("办理步骤"),
        choices=[
            ("statement", _("记录陈述申辩")),
            ("hearing", _("当事人要求听证")),
            ("hearing_closed", _("听证终止（当事人撤回听证要求或未到场）")),
            ("pause", _("中止计算办案期限")),
            ("resume", _("恢复计算办案期限")),
            ("serve", _("送达决定书")),
            ("execute", _("执行完毕")),
            ("publish", _("公示")),
            ("withdraw", _("撤回公示（决定被变更、撤销或确认无效；日期填变更日期）")),
            ("receive", _("接收移送")),
        ],
    )
    text = forms.CharField(
        label=_("内容/理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label=_("中止事由"), required=False, choices=PauseKind.choices)
    on = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs=DATE))


class TransferForm(forms.Form):
    to_division = forms.CharField(label=_("接收机关辖区代码"), max_length=12)
    reason = forms.CharField(label=_("移送理由"), widget=forms.Textarea(attrs={"rows": 2}))


class GuidanceForm(forms.Form):
    kind = forms.ChoiceField(label=_("种类"), choices=GuidanceKind.choices)
    entity_uscc = forms.CharField(label=_("对象统一社会信用代码"), required=False, max_length=18)
    platform_name = forms.CharField(label=_("或：平台名称"), required=False, max_length=200)
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = ArticleMultipleChoiceField(label=_("依据"), required=False)
    meeting_at = forms.DateTimeField(
        label=_("约谈时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    meeting_place = forms.CharField(label=_("约谈地点"), required=False, max_length=200)
    participants = forms.CharField(label=_("参加人员"), required=False, max_length=300)
    rectification_due = forms.DateField(
        label=_("改正期限"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    follow_up_due = forms.DateField(
        label=_("跟踪期限"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    hotspot = forms.IntegerField(required=False, widget=forms.HiddenInput)


class GuidanceStepForm(forms.Form):
    step = forms.ChoiceField(
        label=_("办理步骤"),
        choices=[
            ("acknowledge", _("签收")),
            ("answer", _("答复")),
            ("interview_record", _("约谈记录与整改承诺")),
            ("recheck", _("复查")),
        ],
    )
    text = forms.CharField(
        label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    commitment = forms.CharField(
        label=_("整改承诺"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_due = forms.DateField(
        label=_("跟踪期限"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    rectified = forms.TypedChoiceField(
        label=_("复查结论"),
        required=False,
        choices=[("1", _("已改正")), ("0", _("未改正"))],
        coerce=lambda value: value == "1",
    )


DATETIME = {"type": "datetime-local"}


class CaseRecordForm(forms.Form):
    """询问笔录 / 现场检查笔录. Questions and answers: one line each, starting 问： or 答：."""

    kind = forms.ChoiceField(label=_("笔录种类"), choices=RecordKind.choices)
    started_at = forms.DateTimeField(
        label=_("开始时间"), widget=forms.DateTimeInput(attrs=DATETIME)
    )
    ended_at = forms.DateTimeField(label=_("结束时间"), widget=forms.DateTimeInput(attrs=DATETIME))
    place = forms.CharField(label=_("地点"), max_length=200)
    co_officer = forms.TypedChoiceField(label=_("共同执法人员"), coerce=int, choices=())
    subject_name = forms.CharField(label=_("被询问人/在场人"), max_length=100)
    subject_role = forms.CharField(label=_("身份/职务"), max_length=100, required=False)
    questions = forms.CharField(
        label=_("问答（每行以“问：”或“答：”开头）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    observations = forms.CharField(
        label=_("检查情况"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachment = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_officer"].choices = [
            (inspector.user_id, f"{inspector.name}（{inspector.certificate_number}）")
            for inspector in officers
        ]

    def pairs(self) -> list[tuple[str, str]]:
        pairs, question = [], None
        for line in self.cleaned_data.get("questions", "").splitlines():
            line = line.strip()
            if line[:2] in ("问：", "问:"):
                if question is not None:
                    pairs.append((question, ""))
                question = line[2:].strip()
            elif line[:2] in ("答：", "答:"):
                pairs.append((question or "", line[2:].strip()))
                question = None
            elif line:
                pairs.append(("", line))
        if question is not None:
            pairs.append((question, ""))
        return pairs


class RecordAcknowledgementForm(forms.Form):
    state = forms.ChoiceField(
        label=_("签字情况"),
        choices=[
            (Acknowledgement.SIGNED, Acknowledgement.SIGNED.label),
            (Acknowledgement.REFUSED, Acknowledgement.REFUSED.label),
        ],
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
    on = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs=DATE))


class HearingRecordForm(forms.Form):
    """听证笔录 of a hearing held."""

    held_on = forms.DateField(label=_("听证日期"), widget=forms.DateInput(attrs=DATE))
    place = forms.CharField(label=_("听证地点"), max_length=200)
    host = forms.TypedChoiceField(label=_("听证主持人"), coerce=int, choices=())
    participants = forms.CharField(label=_("听证参加人"), widget=forms.Textarea(attrs={"rows": 2}))
    officer_statement = forms.CharField(
        label=_("办案人员提出的事实、证据和处理意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    party_statement = forms.CharField(
        label=_("当事人的陈述、申辩和质证意见"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, hosts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = [
            (user.pk, user.display_name or user.username) for user in hosts
        ]


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("措施"), choices=MeasureKind.choices)
    items = forms.CharField(label=_("物品清单"), widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("理由（含负责人批准情况）"), max_length=300)
    on = forms.DateField(label=_("采取日期"), required=False, widget=forms.DateInput(attrs=DATE))


class MeasureStepForm(forms.Form):
    op = forms.ChoiceField(
        label=_("操作"),
        choices=[("end", _("作出处理决定")), ("extend", _("延长查封、扣押期限（负责人）"))],
    )
    text = forms.CharField(label=_("处理决定/延长理由"), max_length=300)
    on = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs=DATE))


class JudicialForm(forms.Form):
    op = forms.ChoiceField(
        label=_("操作"),
        choices=[
            ("transfer", _("移送司法机关（负责人）")),
            ("receipt", _("记录接收回执")),
            ("accepted", _("公安机关已立案")),
            ("declined", _("公安机关不予立案，退回本局")),
        ],
    )
    organ = forms.CharField(label=_("接收机关"), max_length=200, required=False)
    text = forms.CharField(
        label=_("涉嫌犯罪的事实和移送理由/答复说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    materials = forms.CharField(label=_("移送材料"), max_length=500, required=False)
    receipt_number = forms.CharField(label=_("回执编号"), max_length=80, required=False)
    on = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs=DATE))
