import base64
import binascii

from rest_framework import serializers

from wangjian.complaints.choices import AdPublisher, PurchaseChannel
from wangjian.complaints.models import ClockStep, Complaint, ComplaintAttachment


class ClockSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClockStep
        fields = [
            "step",
            "label",
            "started_on",
            "due_on",
            "completed_on",
            "timely",
            "excluded_working_days",
            "basis",
            "citation",
            "status",
            "counted_in_regulator_clock",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    """证据材料 metadata, never the content (that is the audited download)."""

    class Meta:
        model = ComplaintAttachment
        fields = ["id", "name", "content_type", "size", "sha256", "source", "uploaded_at"]


class AttachmentInputSerializer(serializers.Serializer):
    """One evidence file in a JSON submission. Type, size and count are the intake action's
    rules, checked on the decoded bytes."""

    name = serializers.CharField(max_length=255)
    content_base64 = serializers.CharField(trim_whitespace=False)

    def validate(self, attrs):
        try:
            attrs["content"] = base64.b64decode(attrs.pop("content_base64"), validate=True)
        except (binascii.Error, ValueError) as error:
            name = attrs["name"]
            raise serializers.ValidationError(
                {
                    "content_base64": [
                        f"证据材料“{name}” 字段 content_base64：不是有效的base64编码 / evidence "
                        f'file "{name}" field content_base64: not valid base64 ({error})'
                    ]
                }
            ) from error
        return attrs


class ComplaintSerializer(serializers.ModelSerializer):
    """Without personal data: contact details come masked or (for handlers) from the detail
    action, which audits the view."""

    division = serializers.CharField(source="division.code")
    clocks = ClockSerializer(many=True, read_only=True)
    screening = serializers.SerializerMethodField(
        help_text="pending until the duplicate and serial screening has run, then done"
    )

    class Meta:
        model = Complaint
        fields = [
            "id",
            "receipt_number",
            "kind",
            "channel",
            "received_on",
            "rule_version",
            "state",
            "respondent_name",
            "respondent_uscc",
            "respondent_kind",
            "match_method",
            "purchase_channel",
            "category",
            "issue",
            "division",
            "jurisdiction_reason",
            "decided_on",
            "clocks",
            "screening",
        ]

    def get_screening(self, complaint) -> str:
        return "pending" if complaint.screened_at is None else "done"


class IntakeSerializer(serializers.Serializer):
    """One submission from a 12315 export or a platform ODR desk."""

    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=["complaint", "report"]), min_length=1
    )
    external_id = serializers.CharField(max_length=80, required=False, default="")
    received_on = serializers.DateField(required=False)
    complainant_name = serializers.CharField(max_length=100, required=False, default="")
    complainant_phone = serializers.CharField(max_length=40, required=False, default="")
    complainant_address = serializers.CharField(max_length=300, required=False, default="")
    real_name = serializers.BooleanField(required=False, default=True)
    respondent_name = serializers.CharField(max_length=200)
    respondent_uscc = serializers.CharField(max_length=18, required=False, default="")
    respondent_address = serializers.CharField(max_length=300, required=False, default="")
    address_shown = serializers.BooleanField(required=False, default=True)
    shop_url = serializers.CharField(max_length=500, required=False, default="")
    platform_name = serializers.CharField(max_length=200, required=False, default="")
    purchase_channel = serializers.ChoiceField(
        choices=PurchaseChannel.choices, default=PurchaseChannel.PLATFORM
    )
    facts = serializers.CharField()
    request = serializers.CharField(required=False, default="")
    category = serializers.CharField(max_length=60, required=False, default="")
    issue = serializers.CharField(max_length=60, required=False, default="")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    odr = serializers.BooleanField(required=False, default=False)
    advertisement = serializers.BooleanField(
        required=False,
        default=False,
        help_text="举报违法广告（按广告发布者所在地管辖）/ a report of an illegal advertisement",
    )
    ad_publisher = serializers.ChoiceField(
        choices=AdPublisher.choices,
        required=False,
        default="",
        allow_blank=True,
        help_text="广告发布者 / who published the ad: advertiser, platform or other",
    )
    ad_publisher_name = serializers.CharField(max_length=200, required=False, default="")
    ad_publisher_uscc = serializers.CharField(max_length=18, required=False, default="")
    attachments = AttachmentInputSerializer(many=True, required=False, default=list)


class FiledRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    receipt_number = serializers.CharField()
    kind = serializers.CharField()
    division = serializers.CharField(help_text="12-digit division code of the receiving bureau.")
    state = serializers.CharField()


class FiledSerializer(serializers.Serializer):
    """What filing returns: one record per kind (投诉, 举报), and the lookup code, shown once."""

    records = FiledRecordSerializer(many=True)
    lookup_code = serializers.CharField()


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="12315 export (CSV or XLSX).")


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    value = serializers.CharField()
    rule = serializers.CharField()
    message = serializers.CharField()


class ImportQueuedSerializer(serializers.Serializer):
    """A file above the inline size: imported by a job (``/api/v1/core/jobs/{job}/``)."""

    job = serializers.IntegerField()
    state = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    batch = serializers.IntegerField()
    rows_read = serializers.IntegerField()
    rows_committed = serializers.IntegerField()
    rows_skipped = serializers.IntegerField()
    rows_rejected = serializers.IntegerField()
    errors = ImportErrorSerializer(many=True)
