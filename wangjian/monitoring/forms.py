"""Forms of the monitoring pages. They parse input; the rules (reason list, note length, who may
act, same shop) are the actions', so a refusal reads the same from the page, the API and the CLI.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wangjian.monitoring.choices import ClueState, DismissalReason, FindingState, Verdict

# The queue's default: open findings a regulator must decide (exempt ones excluded).
TRIAGE = "triage"
ALL = "all"
OVERDUE = "overdue"


class FindingFilterForm(forms.Form):
    """The queue's GET filters. Values not in a list are refused with a message, not a 500."""

    state = forms.ChoiceField(
        label=_("研判状态"),
        required=False,
        choices=[(TRIAGE, _("待研判（不含适用例外）")), *FindingState.choices, (ALL, _("全部"))],
    )
    verdict = forms.ChoiceField(
        label=_("判定"), required=False, choices=[("", _("全部")), *Verdict.choices]
    )
    family = forms.ChoiceField(label=_("规则族"), required=False)
    rule = forms.ChoiceField(label=_("规则"), required=False)
    batch = forms.IntegerField(label=_("批次"), required=False, min_value=1)
    # What a regulator knows of a shop: its name or the platform's shop code, never a row id.
    shop = forms.CharField(label=_("店铺名称或编号"), required=False, max_length=100)
    q = forms.CharField(label=_("搜索（信息编号、标题、命中内容）"), required=False, max_length=100)

    def __init__(self, data, *, families, rules):
        super().__init__(data)
        self.fields["family"].choices = [("", _("全部")), *families]
        self.fields["rule"].choices = [("", _("全部")), *rules]

    def filters(self) -> dict:
        """The cleaned filters; the state defaults to the triage queue."""
        values = dict(self.cleaned_data)
        values["state"] = values.get("state") or TRIAGE
        return values


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("确认说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    clue = forms.ModelChoiceField(
        label=_("并入已有线索（可选）"),
        required=False,
        queryset=None,
        empty_label=_("新建线索"),
    )

    def __init__(self, *args, open_clues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clue"].queryset = open_clues
        self.fields["clue"].label_from_instance = lambda clue: (
            f"{clue.number}（{clue.discovered_on:%Y-%m-%d}）"
        )


class DismissForm(forms.Form):
    # A free field with the list as its widget: the action checks the value and says why.
    reason = forms.CharField(
        label=_("排除理由"),
        required=False,
        widget=forms.Select(choices=[("", "—"), *DismissalReason.choices]),
    )
    note = forms.CharField(
        label=_("具体说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("文件（JSONL、CSV 或 Parquet，至少含 id 与 text 列）"), required=True
    )
    platform = forms.ModelChoiceField(
        label=_("平台（可选）"), required=False, queryset=None, empty_label=_("不指定")
    )

    def __init__(self, *args, platforms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms


class ClueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), *ClueState.choices, (OVERDUE, _("已逾期未核查"))],
    )


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("延长理由（特殊情况）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideForm(forms.Form):
    decision = forms.CharField(
        label=_("决定"),
        required=False,
        widget=forms.Select(
            choices=[
                ("", "—"),
                (ClueState.REFERRED, ClueState.REFERRED.label),
                (ClueState.NO_CASE, ClueState.NO_CASE.label),
            ]
        ),
    )
    note = forms.CharField(
        label=_("决定理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
