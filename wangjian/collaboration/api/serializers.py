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
    entity = serializers.CharField(source="entity.uscc", default=None)

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
