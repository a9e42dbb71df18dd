from rest_framework import serializers

from wangjian.credit.models import CreditEvent, CreditListEntry, TierAssessment


class CreditEventSerializer(serializers.ModelSerializer):
    entity = serializers.CharField(source="entity.uscc")

    class Meta:
        model = CreditEvent
        fields = [
            "id",
            "entity",
            "kind",
            "severity",
            "occurred_on",
            "legal_basis",
            "summary",
            "source_app",
            "source_type",
            "source_id",
            "publicity_until",
            "publicity_ended_on",
            "withdrawn_on",
        ]


class CreditListEntrySerializer(serializers.ModelSerializer):
    entity = serializers.CharField(source="entity.uscc")

    class Meta:
        model = CreditListEntry
        fields = [
            "id",
            "entity",
            "list_kind",
            "ground",
            "ground_basis",
            "state",
            "notified_on",
            "statement_due_on",
            "listed_on",
            "expires_on",
            "early_removal_from",
            "removed_on",
            "removal_reason",
        ]


class TierAssessmentSerializer(serializers.ModelSerializer):
    entity = serializers.CharField(source="entity.uscc")
    as_of = serializers.DateField(source="run.as_of")
    model = serializers.SerializerMethodField()
    contributions = serializers.SerializerMethodField()

    class Meta:
        model = TierAssessment
        fields = ["id", "entity", "as_of", "model", "score", "tier", "direct_rule", "contributions"]

    def get_model(self, assessment) -> str:
        return f"{assessment.run.model.key} {assessment.run.model.version}"

    def get_contributions(self, assessment) -> list:
        if self.context.get("view") is None or self.context["view"].action != "retrieve":
            return []
        from wangjian.credit.tiers import explain

        return [
            {
                "indicator": c.key,
                "points": c.points,
                "basis": c.basis,
                "records": [
                    {"type": r.record_type, "id": r.record_id, "on": r.on, "title": r.title}
                    for r in c.records
                ],
            }
            for c in explain(assessment).contributions
        ]
