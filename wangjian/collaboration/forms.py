import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangjian.core.choices import OrgUnitKind
from wangjian.core.models import OrgUnit


class RequestForm(forms.Form):
    receiving_unit = forms.ModelChoiceField(
        label=_("协查单位"), queryset=OrgUnit.objects.none(), empty_label=_("请选择")
    )
    subject_text = forms.CharField(label=_("协查对象"), max_length=300)
    entity_uscc = forms.CharField(
        label=_("统一社会信用代码（可选）"), max_length=18, required=False
    )
    questions = forms.CharField(label=_("协查事项"), widget=forms.Textarea(attrs={"rows": 5}))
    requested_by = forms.DateField(
        label=_("请求答复日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    attachments = forms.FileField(label=_("附件（协查函等，PDF 或图片）"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(
            is_active=True, kind__in=[OrgUnitKind.BUREAU, OrgUnitKind.STATION]
        ).select_related("division")
        if user is not None and user.jurisdiction is not None:
            units = units.exclude(division=user.jurisdiction)
        self.fields["receiving_unit"].queryset = units.order_by("division__code", "name")
        self.fields["requested_by"].initial = timezone.localdate() + dt.timedelta(days=21)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}))
    attachments = forms.FileField(label=_("附件"), required=False)


class AnswerForm(forms.Form):
    findings = forms.CharField(label=_("协查结果"), widget=forms.Textarea(attrs={"rows": 6}))
    evidence = forms.CharField(
        label=_("存证编号（多个用逗号或换行分隔，可选）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("受理说明（可选）"), required=False)


class MeasureForm(forms.Form):
    measure_key = forms.ChoiceField(label=_("措施"))
    applied_on = forms.DateField(
        label=_("实施日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    detail = forms.CharField(label=_("实施情况"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, notice=None, **kwargs):
        super().__init__(*args, **kwargs)
        measures = notice.measures if notice is not None else []
        self.fields["measure_key"].choices = [(m["key"], m["title"]) for m in measures]


class FeedbackForm(forms.Form):
    feedback = forms.CharField(label=_("反馈"), widget=forms.Textarea(attrs={"rows": 3}))


class LiftForm(forms.Form):
    lifted_on = forms.DateField(label=_("解除日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明（可选）"), required=False)


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200)
    theme = forms.CharField(label=_("整治主题"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    member_units = forms.ModelMultipleChoiceField(
        label=_("成员单位"), queryset=OrgUnit.objects.none(), required=False
    )
    families = forms.MultipleChoiceField(label=_("监测规则族"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        from wangjian.monitoring.rulebook import FAMILY_LABELS

        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(is_active=True)
        if user is not None and user.jurisdiction is not None:
            units = units.visible_to(user).exclude(pk=user.org_unit_id)
        self.fields["member_units"].queryset = units.order_by("division__code", "name")
        self.fields["families"].choices = [(k, str(v)) for k, v in FAMILY_LABELS.items()]


class TaskForm(forms.Form):
    title = forms.CharField(label=_("任务"), max_length=300)
    owner_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=OrgUnit.objects.none())
    due_on = forms.DateField(label=_("完成期限"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign is not None:
            ids = [*campaign.member_units.values_list("pk", flat=True), campaign.lead_unit_id]
            self.fields["owner_unit"].queryset = OrgUnit.objects.filter(pk__in=ids)


class ProgressForm(forms.Form):
    body = forms.CharField(label=_("进展"), widget=forms.Textarea(attrs={"rows": 3}))
    task = forms.IntegerField(required=False, widget=forms.HiddenInput)
    done = forms.BooleanField(label=_("任务已完成"), required=False)


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("会议名称"), max_length=200)
    held_on = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    attendees = forms.CharField(label=_("参会单位"), widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 5}))
    decisions = forms.CharField(
        label=_("议定事项"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
