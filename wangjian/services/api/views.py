"""API: platforms file gig-worker batches (JSON rows) and read their batches with row errors."""

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.services.models import GigApplication, GigBatch, GigNotice


class GigNoticeSerializer(serializers.ModelSerializer):
    """A notice to forward to the worker, who opens it on ``/services/notice/`` with the code."""

    class Meta:
        model = GigNotice
        fields = ["kind", "year", "receipt_code", "title", "body", "deadline", "created_at"]


class GigApplicationSerializer(serializers.ModelSerializer):
    entity_uscc = serializers.CharField(source="entity.uscc", default="", read_only=True)
    notices = GigNoticeSerializer(many=True, read_only=True)

    class Meta:
        model = GigApplication
        fields = [
            "id",
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
            "notices",
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
        return (
            super().get_queryset().prefetch_related("applications__entity", "applications__notices")
        )

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


class GigDepartureSerializer(serializers.Serializer):
    left_on = serializers.DateField()


class GigApplicationViewSet(ScopedReadOnlyViewSet):
    """One gig worker's application with its notices. ``POST <id>/departure/``: the platform
    reports that the registered worker left it, which opens 简易注销."""

    model = GigApplication
    serializer_class = GigApplicationSerializer
    capability = "services.view_gig_batches"

    def get_queryset(self):
        return super().get_queryset().select_related("entity").prefetch_related("notices")

    @extend_schema(request=GigDepartureSerializer, responses=GigApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="departure")
    def departure(self, request, pk=None):
        from wangjian.services.actions.gig import report_worker_departure

        application = self.get_object()
        if not request.user.has_capability("services.file_gig_batch"):
            return Response({"detail": "未找到 / Not found."}, status=status.HTTP_404_NOT_FOUND)
        payload = GigDepartureSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            report_worker_departure(
                actor=request.user,
                application=application,
                left_on=payload.validated_data["left_on"],
            )
        except PermissionDenied:
            return Response({"detail": "未找到 / Not found."}, status=status.HTTP_404_NOT_FOUND)
        except ValidationError as error:
            return Response(
                {"detail": "；".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST
            )
        application.refresh_from_db()
        return Response(GigApplicationSerializer(application).data, status=status.HTTP_201_CREATED)
