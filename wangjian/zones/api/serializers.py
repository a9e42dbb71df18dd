from rest_framework import serializers

from wangjian.zones.models import CreationTask, StepRecord, ZoneApplication


class CreationTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreationTask
        fields = ["number", "group", "title", "owner_department", "due_on", "progress_percent"]


class StepRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = StepRecord
        fields = ["step", "from_state", "to_state", "taken_on", "article"]


class ZoneApplicationSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.key")
    programme_version = serializers.CharField(source="programme.version")
    division = serializers.CharField(source="division.code")
    tasks = CreationTaskSerializer(many=True, read_only=True)
    steps = StepRecordSerializer(many=True, read_only=True)
    total_score = serializers.SerializerMethodField()

    class Meta:
        model = ZoneApplication
        fields = [
            "id",
            "public_id",
            "name",
            "programme",
            "programme_version",
            "division",
            "state",
            "goals",
            "submitted_on",
            "approved_on",
            "approval_document",
            "creation_deadline",
            "acceptance_applied_on",
            "notice_starts_on",
            "notice_ends_on",
            "designated_on",
            "designation_document",
            "valid_until",
            "renewal_count",
            "total_score",
            "tasks",
            "steps",
        ]

    def get_total_score(self, application) -> str | None:
        report = getattr(application, "report", None)
        return None if report is None else str(report.total_score)
