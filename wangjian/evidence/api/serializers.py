from rest_framework import serializers

from wangjian.evidence.models import EvidenceItem


class EvidenceItemSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="division.code", read_only=True)
    collected_by = serializers.CharField(source="collected_by.username", read_only=True)

    class Meta:
        model = EvidenceItem
        fields = [
            "id",
            "bundle_id",
            "division",
            "collected_by",
            "witness",
            "case_reference",
            "case_reason",
            "subject_type",
            "subject_id",
            "url",
            "final_url",
            "title",
            "state",
            "captured_at",
            "sealed_at",
            "manifest_sha256",
            "manifest_sm3",
            "log_index",
            "bundle_bytes",
            "retain_until",
            "content_deleted_at",
        ]
        read_only_fields = fields


class CaptureRequestSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000)
    case_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    case_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
    witness = serializers.CharField(max_length=200, required=False, allow_blank=True)
    subject_type = serializers.CharField(max_length=50, required=False, allow_blank=True)
    subject_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    steps = serializers.ListField(child=serializers.DictField(), required=False)
    live_duration_seconds = serializers.FloatField(required=False, min_value=0, max_value=3600)


class CheckpointSerializer(serializers.Serializer):
    size = serializers.IntegerField()
    root_hash = serializers.CharField()
    note = serializers.CharField(help_text="C2SP tlog-checkpoint signed note.")
    timestamp_token = serializers.CharField(help_text="RFC 3161 token, base64.")


class InclusionProofSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    size = serializers.IntegerField()
    root_hash = serializers.CharField()
    hashes = serializers.ListField(child=serializers.CharField())


class ConsistencyProofSerializer(serializers.Serializer):
    first = serializers.IntegerField()
    second = serializers.IntegerField()
    first_root = serializers.CharField()
    second_root = serializers.CharField()
    hashes = serializers.ListField(child=serializers.CharField())
