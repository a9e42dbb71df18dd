from rest_framework import serializers

from wangjian.core.audit_types import event_label
from wangjian.core.models import AuditEvent, Division, Job, OrgUnit, User

# The largest id a database row can have (64-bit signed): a larger number in a request is
# refused as invalid instead of overflowing the database driver.
MAX_ID = 2**63 - 1


class DivisionSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        source="parent.code", default=None, read_only=True, allow_null=True
    )
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Division
        fields = ["code", "short_code", "name", "level", "level_label", "parent_code"]


class OrgUnitSerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "kind", "division_code", "parent", "is_active"]


class JobSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(
        source="created_by.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "state",
            "progress_done",
            "progress_total",
            "percent",
            "message",
            "parameters",
            "result",
            "error",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]


class AuditEventSerializer(serializers.ModelSerializer):
    # The stored key stays for filtering; clients show the label, in the request's language.
    event_type_label = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "actor_username",
            "actor_org_unit",
            "request_id",
            "event_type",
            "event_type_label",
            "target_type",
            "target_id",
            "target_repr",
            "before",
            "after",
            "reason",
            "previous_hash",
            "hash",
        ]

    def get_event_type_label(self, event) -> str:
        return event_label(event.event_type)


class MeSerializer(serializers.ModelSerializer):
    # Null for roles outside the bureaus (platforms, merchants, consumers).
    jurisdiction = DivisionSerializer(read_only=True, allow_null=True)
    org_unit = OrgUnitSerializer(read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["username", "display_name", "role", "org_unit", "jurisdiction"]


class IdentifierCheckRequestSerializer(serializers.Serializer):
    codes = serializers.ListField(
        child=serializers.CharField(max_length=40), min_length=1, max_length=1000
    )
    policy = serializers.ChoiceField(choices=["reject", "warn"], default="reject")


class IdentifierCheckResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    value = serializers.CharField(help_text="Resident ID numbers are masked.")
    valid = serializers.BooleanField()
    accepted = serializers.BooleanField()
    warning = serializers.CharField(allow_null=True)
    failed_check = serializers.CharField(allow_null=True)
    reason_zh = serializers.CharField(allow_null=True)
    reason_en = serializers.CharField(allow_null=True)
    legal_basis = serializers.CharField(allow_null=True)


class IssuedTokenSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The new key, shown only in this response.")
    prefix = serializers.CharField()
    expires_at = serializers.DateTimeField()
    previous_expires_at = serializers.DateTimeField(
        help_text="The key used for this call keeps working until then."
    )


class ErrorSerializer(serializers.Serializer):
    """The body of a refusal: what went wrong, and the request id to quote to support."""

    detail = serializers.CharField()
    request_id = serializers.CharField(required=False)


class ValidationErrorSerializer(serializers.Serializer):
    """A rejected request: each rejected field (or ``non_field_errors`` / ``detail``) maps to
    its messages, Chinese first, English after the slash."""

    request_id = serializers.CharField(required=False)
