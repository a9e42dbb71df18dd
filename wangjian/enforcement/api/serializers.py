from rest_framework import serializers

from wangjian.enforcement.models import Case, Guidance


class CaseSerializer(serializers.ModelSerializer):
    entity = serializers.CharField(source="entity.uscc", default=None)
    division = serializers.CharField(source="division.code")
    handler = serializers.CharField(source="handler.username")

    class Meta:
        model = Case
        fields = [
            "id",
            "source_number",
            "number",
            "decision_number",
            "state",
            "source_kind",
            "party_kind",
            "party_name",
            "entity",
            "division",
            "conduct",
            "violated_articles",
            "penalty_article",
            "found_on",
            "verification_due",
            "filed_on",
            "decision_due",
            "statement_due",
            "outcome",
            "penalty_kinds",
            "fine_amount",
            "decided_on",
            "served_on",
            "payment_due",
            "publicity_due",
            "published_on",
            "closed_on",
            "transfer_pending",
            "handler",
        ]


class GuidanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Guidance
        fields = [
            "id",
            "number",
            "kind",
            "state",
            "recipient_name",
            "content",
            "issued_on",
            "meeting_at",
            "meeting_place",
            "rectification_due",
            "follow_up_due",
            "acknowledged_at",
            "answered_at",
        ]
