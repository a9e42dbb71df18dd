from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wangjian.complaints.attachments import ACCEPTED_TYPES, MAX_BYTES, MAX_FILES
from wangjian.complaints.choices import (
    AdPublisher,
    MediationMode,
    NoticeDocument,
    NoticeMethod,
    NoticeRecipient,
    PurchaseChannel,
)

ACCEPT = ",".join(kind.content_type for kind in ACCEPTED_TYPES)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several files, returned as a list. Each file is checked by the action (type by its first
    bytes, size, count), whose error names the file; Django's own per-file checks would not."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        return [upload for upload in uploads if upload]


def read_uploads(uploads) -> list[tuple[str, bytes]]:
    """``(name, bytes)`` for the action. At most one file past the count limit and one byte past
    the size limit are read: enough for the action to refuse them, without holding an
    oversized upload in memory."""
    return [(upload.name, upload.read(MAX_BYTES + 1)) for upload in list(uploads)[: MAX_FILES + 1]]


class PublicComplaintForm(forms.Form):
    """The public form (no sign-in). Fields follow 暂行办法 第九条."""

    KIND_CHOICES = (("complaint", _("投诉")), ("report", _("举报")), ("both", _("投诉并举报")))

    kind = forms.ChoiceField(label=_("类型"), choices=KIND_CHOICES)
    complainant_name = forms.CharField(label=_("姓名"), max_length=100)
    complainant_phone = forms.CharField(label=_("联系电话"), max_length=40)
    complainant_address = forms.CharField(label=_("联系地址"), max_length=300)
    real_name = forms.BooleanField(label=_("实名举报"), required=False, initial=True)
    respondent_name = forms.CharField(label=_("被投诉（举报）人或店铺名称"), max_length=200)
    respondent_uscc = forms.CharField(
        label=_("统一社会信用代码（如知道）"), max_length=18, required=False
    )
    shop_url = forms.CharField(label=_("店铺网址"), max_length=500, required=False)
    platform_name = forms.CharField(label=_("平台名称"), max_length=200, required=False)
    address_shown = forms.BooleanField(
        label=_("店铺页面公示了经营地址"), required=False, initial=True
    )
    purchase_channel = forms.ChoiceField(label=_("购买渠道"), choices=PurchaseChannel.choices)
    advertisement = forms.BooleanField(
        label=_("举报的是违法广告（网页、直播、付费推广等互联网广告）"), required=False
    )
    ad_publisher = forms.ChoiceField(
        label=_("广告发布者"), choices=[("", "—"), *AdPublisher.choices], required=False
    )
    ad_publisher_name = forms.CharField(
        label=_("其他广告发布者名称"), max_length=200, required=False
    )
    ad_publisher_uscc = forms.CharField(
        label=_("其他广告发布者统一社会信用代码"), max_length=18, required=False
    )
    category = forms.CharField(label=_("商品或服务类别"), max_length=60, required=False)
    facts = forms.CharField(label=_("事实与理由"), widget=forms.Textarea(attrs={"rows": 5}))
    request = forms.CharField(
        label=_("诉求"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    amount = forms.DecimalField(label=_("涉及金额（元）"), required=False, min_value=0)
    known_on = forms.DateField(label=_("知道权益受损日期"), required=False)
    evidence_note = forms.CharField(
        label=_("证据材料说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    attachments = EvidenceFilesField(
        label=_("证据材料文件"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        help_text=format_lazy(
            _("可选。{types}，按文件内容识别；每个不超过{megabytes} MB，最多{count}个。"),
            types="、".join(kind.label for kind in ACCEPTED_TYPES),
            megabytes=MAX_BYTES // (1024 * 1024),
            count=MAX_FILES,
        ),
    )


class LookupForm(forms.Form):
    receipt_number = forms.CharField(label=_("登记编号"), max_length=40)
    lookup_code = forms.CharField(label=_("查询码"), max_length=20)


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("调解日期"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("方式"), choices=MediationMode.choices)
    notes = forms.CharField(label=_("记录"), widget=forms.Textarea(attrs={"rows": 2}))


class WarningForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 6}))


class DateInput(forms.DateInput):
    """``<input type=date>``: the browser accepts only ISO values (YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AssignHandlerForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=None, empty_label=_("请选择"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = candidates


class NoticeDeliveryForm(forms.Form):
    document = forms.ChoiceField(label=_("文书"), choices=NoticeDocument.choices)
    recipient = forms.ChoiceField(label=_("送达对象"), choices=NoticeRecipient.choices)
    method = forms.ChoiceField(label=_("送达方式"), choices=NoticeMethod.choices)
    sent_on = forms.DateField(label=_("送达日期"), widget=DateInput())
    note = forms.CharField(label=_("说明（如快递单号）"), max_length=200, required=False)

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if documents is not None:
            self.fields["document"].choices = [
                (value, label) for value, label in NoticeDocument.choices if value in documents
            ]
