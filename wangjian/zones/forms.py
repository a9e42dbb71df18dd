"""Forms of the lifecycle steps, built from one table of fields per step.

The forms only parse input; the rules (order, role, deadlines, materials) are in the actions.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE, TEXT, LONG, NUMBER, CHOICE, CHECK = "date", "text", "long", "number", "choice", "check"

STEP_FIELDS = {
    "consent": [("on", _("同意日期"), DATE), ("document", _("同意文件"), TEXT)],
    "submit": [
        ("on", _("申报日期"), DATE),
        ("application_report", _("申请报告"), LONG),
        ("overall_plan", _("创建总体方案"), LONG),
        ("action_plan", _("创建行动计划"), LONG),
    ],
    "review": [("on", _("审核日期"), DATE), ("opinion", _("审核意见"), LONG)],
    "reject": [("on", _("日期"), DATE), ("reason", _("理由"), LONG)],
    "approve": [
        ("on", _("批准日期"), DATE),
        ("meeting", _("办公会议"), TEXT),
        ("document", _("批准文号"), TEXT),
    ],
    "give_guidance": [("on", _("日期"), DATE), ("text", _("指导意见"), LONG)],
    "apply_acceptance": [
        ("on", _("申请日期"), DATE),
        ("work_report", _("创建工作报告"), LONG),
        ("special_policies", _("专项政策措施"), LONG),
        ("city_opinion", _("地市局意见"), LONG),
        ("other", _("其它相关材料"), LONG),
    ],
    "entrust": [("on", _("委托日期"), DATE), ("evaluator_unit", _("评估机构"), CHOICE)],
    "declare": [
        ("on", _("声明日期"), DATE),
        ("has_conflict", _("存在利益冲突"), CHECK),
        ("statement", _("声明内容"), LONG),
    ],
    "score": [
        ("on", _("评分日期"), DATE),
        ("item_key", _("指标"), CHOICE),
        ("score", _("得分"), NUMBER),
        ("evidence", _("佐证材料"), LONG),
        ("comment", _("评分理由"), LONG),
    ],
    "open_questionnaire": [("on", _("发布日期"), DATE)],
    "record_feedback": [
        ("on", _("日期"), DATE),
        ("channel", _("渠道"), TEXT),
        ("summary", _("摘要"), LONG),
        ("favourable", _("正面"), CHECK),
    ],
    "issue_report": [("on", _("出具日期"), DATE), ("conclusion", _("评估结论"), LONG)],
    "start_notice": [("on", _("公示开始日期"), DATE)],
    "designate": [
        ("on", _("决定日期"), DATE),
        ("meeting", _("局长办公会"), TEXT),
        ("document", _("确认文号"), TEXT),
    ],
    "record_support": [
        ("on", _("日期"), DATE),
        ("kind", _("类别"), CHOICE),
        ("description", _("内容"), LONG),
        ("amount_yuan", _("金额(元)"), NUMBER),
    ],
    "submit_summary": [
        ("on", _("报送日期"), DATE),
        ("year", _("年度"), NUMBER),
        ("text", _("总结"), LONG),
    ],
    "expire": [("on", _("日期"), DATE)],
    "apply_reevaluation": [
        ("on", _("申请日期"), DATE),
        ("application_letter", _("书面申请"), LONG),
        ("city_opinion", _("地市局意见"), LONG),
    ],
    "renew": [
        ("on", _("决定日期"), DATE),
        ("document", _("文号"), TEXT),
        ("reevaluation", _("复评结论"), LONG),
    ],
    "sanction": [
        ("on", _("决定日期"), DATE),
        ("kind", _("类别"), CHOICE),
        ("reason", _("事由"), LONG),
        ("rectify_by", _("整改期限"), DATE),
    ],
}
OPTIONAL = {"other", "comment", "amount_yuan", "rectify_by", "has_conflict", "favourable"}


def step_form_class(step: str, choices: dict | None = None):
    fields = {}
    for name, label, kind in STEP_FIELDS[step]:
        required = name not in OPTIONAL
        if kind == DATE:
            field = forms.DateField(
                label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
            )
        elif kind == NUMBER:
            field = forms.DecimalField(label=label, required=required)
        elif kind == CHOICE:
            field = forms.ChoiceField(label=label, choices=(choices or {}).get(name, []))
        elif kind == CHECK:
            field = forms.BooleanField(label=label, required=False)
        elif kind == LONG:
            field = forms.CharField(
                label=label, required=required, widget=forms.Textarea(attrs={"rows": 2})
            )
        else:
            field = forms.CharField(label=label, required=required, max_length=200)
        fields[name] = field
    return type(f"{step.title()}Form", (forms.Form,), fields)


class PrepareForm(forms.Form):
    programme = forms.ChoiceField(label=_("创建办法"))
    name = forms.CharField(label=_("示范区名称"), max_length=200)
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    goals = forms.CharField(label=_("创建目标(每行一项)"), required=False, widget=forms.Textarea)


class TaskForm(forms.Form):
    group = forms.CharField(label=_("任务类别"), max_length=60)
    number = forms.IntegerField(label=_("序号"), min_value=1)
    title = forms.CharField(label=_("任务"), max_length=200)
    owner_department = forms.CharField(label=_("责任部门"), max_length=200)
    due_on = forms.DateField(label=_("完成期限"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("任务内容"), required=False, widget=forms.Textarea)


class ProgressForm(forms.Form):
    on = forms.DateField(label=_("报告日期"), widget=forms.DateInput(attrs={"type": "date"}))
    progress_percent = forms.IntegerField(label=_("进度(%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 2}))
    supporting_material = forms.CharField(label=_("佐证材料"), required=False, max_length=300)


class IndicatorForm(forms.Form):
    indicator_key = forms.ChoiceField(label=_("指标"))
    period = forms.CharField(label=_("统计期"), max_length=20)
    value = forms.DecimalField(label=_("数值"))
    comparison_value = forms.DecimalField(label=_("对比值"), required=False)
    source = forms.CharField(label=_("数据来源"), max_length=200)


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("异议人"), max_length=100)
    contact = forms.CharField(label=_("联系方式"), max_length=100)
    text = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 4}))
