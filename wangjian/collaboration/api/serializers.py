from rest_framework import serializers

from wangjian.collaboration.models import AssistanceRequest, RequestEvidence, RequestMessage


class RequestMessageSerializer(serializers.ModelSerializer):
    author_unit = serializers.CharField(source="author_unit.name")

    class Meta:
        model = RequestMessage
        fields = ["id", "kind", "author_unit", "body", "created_at"]


class RequestEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequestEvidence
        fields = ["bundle_id", "manifest_sha256", "title", "url", "sealed_at"]


class AssistanceRequestSerializer(serializers.ModelSerializer):
    requesting_unit = serializers.CharField(source="requesting_unit.name")
    receiving_unit = serializers.CharField(source="receiving_unit.name")
    entity = serializers.CharField(source="entity.uscc", default=None, allow_null=True)

    class Meta:
        model = AssistanceRequest
        fields = [
            "id",
            "number",
            "kind",
            "state",
            "requesting_unit",
            "receiving_unit",
            "entity",
            "subject_text",
            "questions",
            "requested_by",
            "sent_on",
            "accept_due_on",
            "answer_due_on",
            "clock_basis",
            "accepted_on",
            "answered_on",
            "findings",
            "decline_reason",
        ]


class SendRequestSerializer(serializers.Serializer):
    receiving_unit = serializers.IntegerField()
    subject_text = serializers.CharField(max_length=300)
    entity_uscc = serializers.CharField(max_length=18, required=False, allow_blank=True)
    questions = serializers.CharField()
    requested_by = serializers.DateField()


class StepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=["accept", "more", "supplement", "message", "answer", "decline"]
    )
    body = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class DisciplineNoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    entity = serializers.CharField(source="list_entry.entity.uscc")
    entity_name = serializers.CharField(source="list_entry.entity.name")
    list_kind = serializers.CharField(source="list_entry.list_kind")
    listed_on = serializers.DateField(source="list_entry.listed_on")
    removed_on = serializers.DateField(source="list_entry.removed_on", allow_null=True)
    partner = serializers.CharField(source="partner.org_unit.name")
    state = serializers.CharField()
    measures = serializers.JSONField()
    sent_on = serializers.DateField()
    removal_notified_on = serializers.DateField(allow_null=True)
    lift_confirmed_on = serializers.DateField(allow_null=True)


class PartnerRecordSerializer(serializers.Serializer):
    uscc = serializers.CharField(max_length=18)
    kind = serializers.CharField(max_length=40)
    occurred_on = serializers.DateField()
    summary = serializers.CharField(max_length=250)
    source_id = serializers.CharField(max_length=64)


class RiskAlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    entity = serializers.CharField(source="entity.uscc")
    entity_name = serializers.CharField(source="entity.name")
    score = serializers.IntegerField()
    reasons = serializers.JSONField()
    state = serializers.CharField()
    raised_on = serializers.DateField()
    rules_version = serializers.CharField()
    assigned_to = serializers.CharField(source="assigned_to.username", default=None)
    clue_number = serializers.CharField()


class DeviceAlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    device_id = serializers.CharField()
    kind = serializers.CharField()
    severity = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    location = serializers.CharField()
    picture_ref = serializers.CharField()
    state = serializers.CharField()
    entity = serializers.CharField(source="entity.uscc", default=None, allow_null=True)
