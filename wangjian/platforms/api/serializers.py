from rest_framework import serializers

from wangjian.platforms.models import (
    PlatformActionRequest,
    PlatformClassification,
    PlatformNotice,
    SelfAssessment,
)


class PlatformClassificationSerializer(serializers.ModelSerializer):
    platform_name = serializers.CharField(source="platform.name", read_only=True)
    tier_label = serializers.CharField(source="get_tier_display", read_only=True)
    category_label = serializers.CharField(read_only=True)
    draft_guidance = serializers.SerializerMethodField()

    class Meta:
        model = PlatformClassification
        fields = [
            "id",
            "platform",
            "platform_name",
            "year",
            "category",
            "subtype",
            "category_label",
            "tier",
            "tier_label",
            "rule_version",
            "draft_guidance",
            "inputs",
            "reasons",
            "computed_at",
        ]

    def get_draft_guidance(self, obj) -> str:
        return obj.rules.label if obj.rules.is_draft else ""


class SelfAssessmentSerializer(serializers.ModelSerializer):
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    rectifications = serializers.SerializerMethodField()

    class Meta:
        model = SelfAssessment
        fields = [
            "id",
            "questionnaire_version",
            "entity",
            "entity_name",
            "platform",
            "state",
            "state_label",
            "submitted_on",
            "score",
            "earned",
            "possible",
            "gaps",
            "rectifications",
        ]

    def get_rectifications(self, obj) -> list[dict]:
        return [
            {
                "item": item.item_key,
                "title": item.title,
                "basis": item.basis,
                "due_on": item.due_on,
                "completed_on": item.completed_on,
            }
            for item in obj.rectifications.all()
        ]


class PlatformActionRequestSerializer(serializers.ModelSerializer):
    platform_name = serializers.CharField(source="platform.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    reply_label = serializers.CharField(source="get_reply_display", read_only=True)
    overdue = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = PlatformActionRequest
        fields = [
            "id",
            "platform",
            "platform_name",
            "kind",
            "kind_label",
            "subject",
            "reason",
            "basis",
            "issued_on",
            "due_on",
            "working_days",
            "rules_version",
            "state",
            "state_label",
            "overdue",
            "reply",
            "reply_label",
            "reply_note",
            "replied_on",
            "attachments",
        ]

    def get_overdue(self, obj) -> bool:
        from django.utils import timezone

        return obj.is_overdue(timezone.localdate())

    def get_attachments(self, obj) -> list:
        return [
            {"name": a.name, "sha256": a.sha256, "size": a.size, "content_type": a.content_type}
            for a in obj.attachments.all()
        ]


class PlatformNoticeSerializer(serializers.ModelSerializer):
    platform_name = serializers.CharField(source="platform.name", read_only=True)

    class Meta:
        model = PlatformNotice
        fields = [
            "id",
            "platform",
            "platform_name",
            "subject",
            "body",
            "due_on",
            "sent_at",
            "delivered_at",
            "answer",
            "answered_at",
        ]
