from rest_framework import serializers

from wangjian.registry.models import (
    EntityLink,
    Flag,
    Licence,
    MarketEntity,
    OnlineShop,
    Platform,
    Referral,
    Submission,
)


class MarketEntitySerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(
        source="division.code", default=None, read_only=True, allow_null=True
    )
    former_names = serializers.SlugRelatedField(many=True, slug_field="name", read_only=True)

    class Meta:
        model = MarketEntity
        fields = [
            "id",
            "uscc",
            "name",
            "former_names",
            "entity_type",
            "legal_representative",
            "registered_address",
            "division_code",
            "registration_authority",
            "established_on",
            "status",
            "business_scope",
            "registered_capital",
        ]


class PlatformSerializer(serializers.ModelSerializer):
    entity_uscc = serializers.CharField(source="entity.uscc", read_only=True)

    class Meta:
        model = Platform
        fields = ["id", "name", "entity", "entity_uscc", "services", "categories", "agreement_url"]


PERSONAL_SHOP_FIELDS = ("contact", "person_id_masked")


class OnlineShopSerializer(serializers.ModelSerializer):
    platform_name = serializers.CharField(source="platform.name", read_only=True)
    division_code = serializers.CharField(
        source="division.code", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = OnlineShop
        fields = [
            "id",
            "platform",
            "platform_name",
            "shop_id",
            "name",
            "url",
            "operator_kind",
            "operator_name",
            "entity",
            "declared_uscc",
            "exemption_ground",
            "declared_turnover",
            "address",
            "division_code",
            "category",
            "first_seen_on",
            "last_seen_on",
            "exited_on",
            *PERSONAL_SHOP_FIELDS,
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("show_personal_data"):
            for name in PERSONAL_SHOP_FIELDS:
                data.pop(name, None)
        return data


class LicenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Licence
        fields = [
            "id",
            "holder",
            "kind",
            "number",
            "issuing_authority",
            "valid_from",
            "valid_until",
        ]


class SubmissionSerializer(serializers.ModelSerializer):
    platform_name = serializers.CharField(source="platform.name", read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "platform",
            "platform_name",
            "period",
            "channel",
            "file_name",
            "file_format",
            "content_hash",
            "submitted_at",
            "state",
            "rows_read",
            "rows_committed",
            "rows_rejected",
            "flags_raised",
            "previous",
            "diff",
        ]


class FlagSerializer(serializers.ModelSerializer):
    shop_id = serializers.CharField(
        source="shop.shop_id", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Flag
        fields = [
            "id",
            "kind",
            "state",
            "entity",
            "shop",
            "shop_id",
            "submission",
            "detail",
            "legal_basis",
            "basis_data",
            "raised_on",
        ]


class ReferralSerializer(serializers.ModelSerializer):
    target_division_code = serializers.CharField(
        source="target_division.code", default=None, read_only=True, allow_null=True
    )
    shop_name = serializers.CharField(source="shop.name", read_only=True)
    # The bureau that listed it: the receiving bureau sees referrals addressed to it too.
    division_code = serializers.CharField(source="division.code", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "shop",
            "shop_name",
            "submission",
            "division_code",
            "target_division_code",
            "address",
            "created_on",
        ]


class EntityLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntityLink
        fields = ["id", "shop", "entity", "method", "confidence", "state", "decided_at"]


class LinkDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["confirm", "reject", "reverse"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SubmissionUploadSerializer(serializers.Serializer):
    """A file (multipart) or the rows themselves as JSON ``shops``, with the period."""

    file = serializers.FileField(required=False)
    shops = serializers.ListField(child=serializers.DictField(), required=False)
    period = serializers.RegexField(r"^\d{4}H[12]$")

    def validate(self, attrs):
        if ("file" in attrs) == ("shops" in attrs):
            raise serializers.ValidationError(
                "须且只须提供 file 或 shops 之一 / give exactly one of file or shops"
            )
        return attrs


class ErrorReportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    column_zh = serializers.CharField()
    value = serializers.CharField()
    rule = serializers.CharField()
    message = serializers.CharField()


class ErrorReportSerializer(serializers.Serializer):
    """A submission's error report (JSON form of ``?format=xlsx``)."""

    submission = serializers.IntegerField()
    platform = serializers.CharField()
    period = serializers.CharField()
    file_name = serializers.CharField()
    rows_read = serializers.IntegerField()
    rows_committed = serializers.IntegerField()
    rows_rejected = serializers.IntegerField()
    errors = ErrorReportRowSerializer(many=True)
