import json

from django import forms
from django.utils.translation import gettext_lazy as _

from wangjian.inspections.catalogue import outcome_choices
from wangjian.inspections.models import InspectionItem


class PlanForm(forms.Form):
    title = forms.CharField(label=_("计划名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    items = forms.ModelMultipleChoiceField(
        label=_("抽查事项"), queryset=InspectionItem.objects.all()
    )
    entity_type = forms.CharField(label=_("主体类型（可选）"), required=False)
    industry = forms.CharField(label=_("行业关键词（经营范围，可选）"), required=False)
    algorithm = forms.ChoiceField(
        label=_("抽取算法"), choices=[("hkdf-sha256", "hkdf-sha256"), ("rfc3797", "rfc3797")]
    )
    team_size = forms.IntegerField(label=_("每组执法人员数"), min_value=1, initial=2)


class CommitForm(forms.Form):
    sources = forms.CharField(
        label=_("公开随机源（每行：名称|开奖或发布日期）"),
        widget=forms.Textarea,
        help_text="中国福利彩票双色球第2026135期|2026-11-19",
    )
    seed_commitment = forms.CharField(
        label=_("种子的 SHA-256（可选，科长事先承诺）"), required=False, max_length=64
    )

    def clean_sources(self):
        sources = []
        for line in self.cleaned_data["sources"].splitlines():
            if line.strip():
                name, _sep, date = line.partition("|")
                sources.append({"name": name.strip(), "date": date.strip()})
        return sources


class DrawForm(forms.Form):
    values = forms.CharField(
        label=_("各随机源公布的数值（每行一个随机源，数值以空格分隔，顺序同承诺）"),
        widget=forms.Textarea,
    )
    seed = forms.CharField(label=_("揭示的种子"), required=False)

    def clean_values(self):
        rows = []
        for line in self.cleaned_data["values"].splitlines():
            if line.strip():
                try:
                    rows.append([json.loads(v) for v in line.split()])
                except ValueError as error:
                    raise forms.ValidationError(
                        f"随机源数值须为数字 / source values must be numbers: {line}"
                    ) from error
        return rows


class ResultForm(forms.Form):
    outcome = forms.ChoiceField(label=_("检查结果"), choices=outcome_choices)
    result_on = forms.DateField(label=_("检查结束日期"))
    notes = forms.CharField(label=_("情况说明"), widget=forms.Textarea, required=False)
    attachment = forms.FileField(label=_("附件"), required=False)
