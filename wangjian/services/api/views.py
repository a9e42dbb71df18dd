"""API: platforms file gig-worker batches (JSON rows) and read their batches with row errors."""

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.services.models import GigApplication, GigBatch


class GigApplicationSerializer(serializers.ModelSerializer):
    entity_uscc = serializers.CharField(source="entity.uscc", default="", read_only=True)

    class Meta:
        model = GigApplication
        fields = [
            "row_number",
            "applicant_name",
            "id_masked",
            "business_name",
            "scope",
            "shop_id",
            "hosting_agreement",
            "errors",
            "state",
            "entity_uscc",
        ]


class GigBatchSerializer(serializers.ModelSerializer):
    applications = GigApplicationSerializer(many=True, read_only=True)

    class Meta:
        model = GigBatch
        fields = [
            "id",
            "platform",
            "file_name",
            "row_count",
            "error_count",
            "filed_at",
            "applications",
        ]


class GigRowSerializer(serializers.Serializer):
    applicant_name = serializers.CharField(allow_blank=True)
    id_number = serializers.CharField(allow_blank=True)
    business_name = serializers.CharField(allow_blank=True)
    scope = serializers.ListField(child=serializers.CharField())
    shop_id = serializers.CharField(allow_blank=True)
    hosting_agreement = serializers.CharField(allow_blank=True)


class GigFileSerializer(serializers.Serializer):
    platform = serializers.IntegerField()
    rows = GigRowSerializer(many=True)


class GigBatchViewSet(ScopedReadOnlyViewSet):
    """灵活就业人员登记申请批次. ``POST file/`` files a batch for the caller's platform."""

    model = GigBatch
    serializer_class = GigBatchSerializer
    capability = "services.view_gig_batches"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("applications__entity")

    @extend_schema(request=GigFileSerializer, responses=GigBatchSerializer)
    @action(detail=False, methods=["post"], url_path="file")
    def file(self, request):
        from wangjian.registry.models import Platform
        from wangjian.services.actions.gig import file_gig_batch

        if not request.user.has_capability("services.file_gig_batch"):
            return Response(
                {"detail": "无此权限 / not permitted"}, status=status.HTTP_403_FORBIDDEN
            )
        payload = GigFileSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        platform = (
            Platform.objects.visible_to(request.user)
            .filter(pk=payload.validated_data["platform"])
            .first()
        )
        if platform is None:
            return Response({"detail": "未找到 / Not found."}, status=status.HTTP_404_NOT_FOUND)
        try:
            batch, created = file_gig_batch(
                actor=request.user, platform=platform, rows=payload.validated_data["rows"]
            )
        except PermissionDenied:
            return Response({"detail": "未找到 / Not found."}, status=status.HTTP_404_NOT_FOUND)
        except ValidationError as error:
            return Response(
                {"detail": "；".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(
            GigBatchSerializer(batch).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
