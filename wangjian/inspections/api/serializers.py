from rest_framework import serializers

from wangjian.inspections.models import InspectionPlan, InspectionTask


class InspectionPlanSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="division.code")
    items = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    pool_sha256 = serializers.SerializerMethodField()
    key = serializers.SerializerMethodField()

    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "public_id",
            "title",
            "division",
            "year",
            "items",
            "scope",
            "proportions",
            "algorithm",
            "team_size",
            "state",
            "sources",
            "seed_commitment",
            "pool_sha256",
            "inspector_pool_sha256",
            "key",
            "committed_on",
            "drawn_on",
        ]

    def get_pool_sha256(self, plan) -> str:
        return plan.object_record.get("pool_sha256", "")

    def get_key(self, plan) -> str:
        return plan.object_record.get("key", "")


class InspectionTaskSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id")
    entity = serializers.CharField(source="entity.uscc")
    inspectors = serializers.SlugRelatedField(
        slug_field="certificate_number", many=True, read_only=True
    )
    result = serializers.SerializerMethodField()

    class Meta:
        model = InspectionTask
        fields = ["id", "public_id", "plan", "entity", "stratum", "inspectors", "state", "result"]

    def get_result(self, task) -> dict | None:
        result = getattr(task, "result", None)
        if result is None:
            return None
        return {
            "outcome": result.outcome,
            "label": result.outcome_label,
            "result_on": result.result_on,
            "publish_due_on": result.publish_due_on,
            "published_on": result.published_on,
        }
