from django import forms
from django.utils.translation import gettext_lazy as _

from wangjian.core.forms import ArticleChoiceField
from wangjian.credit.choices import CreditListKind, RemovalReason, RepairKind


class NotifyListingForm(forms.Form):
    list_kind = forms.ChoiceField(label=_("名单"), choices=CreditListKind.choices)
    ground = forms.CharField(label=_("列入事由"), max_length=300)
    ground_basis = ArticleChoiceField(
        label=_("列入依据"),
        instruments=(
            "abnormal-operation-list-measures-2014",
            "serious-violation-list-measures-2021",
        ),
    )
    notified_on = forms.DateField(label=_("告知日期"))
    penalty_event = forms.IntegerField(label=_("较重行政处罚记录编号"), required=False)


class StatementForm(forms.Form):
    statement = forms.CharField(label=_("陈述申辩意见"), widget=forms.Textarea, required=False)
    hearing_requested = forms.BooleanField(label=_("申请听证"), required=False)
    hearing_held_on = forms.DateField(label=_("听证日期"), required=False)


class DecideListingForm(forms.Form):
    listed = forms.TypedChoiceField(
        label=_("决定"), choices=[("1", _("列入")), ("0", _("不予列入"))], coerce=lambda v: v == "1"
    )
    decided_on = forms.DateField(label=_("决定日期"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea)


class RemoveForm(forms.Form):
    reason = forms.ChoiceField(label=_("移出原因"), choices=RemovalReason.choices)
    removed_on = forms.DateField(label=_("移出日期"))
    note = forms.CharField(label=_("说明"), required=False)


class RepairForm(forms.Form):
    kind = forms.ChoiceField(label=_("修复类型"), choices=RepairKind.choices)
    target = forms.IntegerField(label=_("名单列入或行政处罚记录编号"))
    applied_on = forms.DateField(label=_("申请日期"))
    statement = forms.CharField(label=_("申请说明"), widget=forms.Textarea, required=False)


class DecideRepairForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("决定"),
        choices=[("1", _("准予修复")), ("0", _("不予修复"))],
        coerce=lambda v: v == "1",
    )
    decided_on = forms.DateField(label=_("决定日期"))
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea)
