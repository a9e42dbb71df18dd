from rest_framework import serializers

from wangjian.platforms.models import PlatformClassification, SelfAssessment


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
