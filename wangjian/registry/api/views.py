"""Registry API: read-only scoped viewsets plus submission upload and link decisions."""

import json

import django_filters
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.core.audit import record_personal_data_view
from wangjian.registry import access, actions
from wangjian.registry.api.serializers import (
    PERSONAL_SHOP_FIELDS,
    EntityLinkSerializer,
    ErrorReportSerializer,
    FlagSerializer,
    LinkDecisionSerializer,
    MarketEntitySerializer,
    OnlineShopSerializer,
    PlatformSerializer,
    ReferralSerializer,
    SubmissionSerializer,
    SubmissionUploadSerializer,
)
from wangjian.registry.choices import SubmissionChannel
from wangjian.registry.exports import entities_xlsx
from wangjian.registry.models import (
    EntityLink,
    Flag,
    MarketEntity,
    OnlineShop,
    Platform,
    Referral,
    Submission,
)
from wangjian.registry.reports import error_report_json, error_report_xlsx
from wangjian.registry.search import search
from wangjian.registry.submissions import UnreadableSubmission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XlsxRenderer(BaseRenderer):
    """Lets ``?format=xlsx`` through content negotiation (DRF answers 404 for a format no
    renderer offers); the view returns the file itself. A refusal still answers in JSON."""

    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return JSONRenderer().render(data, "application/json", renderer_context)


class MarketEntityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search", label="名称、曾用名、代码、网店名称或网址"
    )
    division = django_filters.CharFilter(field_name="division__code")

    class Meta:
        model = MarketEntity
        fields = ["status", "entity_type", "division"]

    def filter_search(self, queryset, name, value):
        return search(queryset, value)


class MarketEntityViewSet(ScopedReadOnlyViewSet):
    """市场主体 inside the caller's jurisdiction; ``?q=`` searches names, codes, shops and URLs."""

    model = MarketEntity
    capability = "registry.view_entity"
    serializer_class = MarketEntitySerializer
    filterset_class = MarketEntityFilter

    def get_queryset(self):
        return super().get_queryset().select_related("division").prefetch_related("former_names")

    @extend_schema(responses={(200, XLSX): bytes})
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The filtered list as XLSX."""
        queryset = self.filter_queryset(self.get_queryset())
        response = HttpResponse(entities_xlsx(queryset), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="entities.xlsx"'
        return response


class OnlineShopViewSet(ScopedReadOnlyViewSet):
    """网店; contacts and masked ID numbers only for roles that may see personal data."""

    model = OnlineShop
    capability = "registry.view_shop"
    serializer_class = OnlineShopSerializer
    filterset_fields = ["platform", "operator_kind", "entity", "category"]

    def get_queryset(self):
        return super().get_queryset().select_related("platform", "division")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_personal_data"] = (
            self.action == "retrieve"
            and self.request.user.has_capability("registry.view_personal_data")
        )
        return context

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if self.get_serializer_context()["show_personal_data"]:
            shop = self.get_object()
            record_personal_data_view(
                actor=request.user,
                target=shop,
                division=shop.division,
                fields=list(PERSONAL_SHOP_FIELDS),
                purpose="registry API shop detail",
            )
        return response


class PlatformViewSet(ScopedReadOnlyViewSet):
    """电子商务平台; ``POST …/{id}/submit/`` takes a submission file (CSV, XLSX, JSON)."""

    model = Platform
    capability = "registry.view_platform"
    serializer_class = PlatformSerializer

    @extend_schema(request=SubmissionUploadSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def submit(self, request, pk=None):
        """Submit the platform's in-platform operators (电子商务法 第二十八条).

        201 with the submission when imported at once (200 when the same file was imported
        before), 202 with the job id for a large file, 400 when the file cannot be read.
        """
        platform = self.get_object()
        if not request.user.has_capability("registry.submit"):
            raise access.not_found()
        payload = SubmissionUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data.get("file")
        if upload is not None:
            file_name, content = upload.name, upload.read()
        else:
            file_name = "api.json"
            content = json.dumps(
                payload.validated_data["shops"], ensure_ascii=False, sort_keys=True
            ).encode("utf-8")
        try:
            receipt = actions.receive_submission(
                actor=request.user,
                platform=platform,
                file_name=file_name,
                content=content,
                period=payload.validated_data["period"],
                channel=SubmissionChannel.API,
            )
        except (UnreadableSubmission, ValidationError, ValueError) as error:
            raise ApiValidationError({"file": [str(error)]}) from error
        if receipt.job is not None:
            return Response({"job": receipt.job.pk}, status=status.HTTP_202_ACCEPTED)
        outcome = receipt.outcome
        data = SubmissionSerializer(outcome.submission).data
        data["already_imported"] = outcome.already_imported
        code = status.HTTP_200_OK if outcome.already_imported else status.HTTP_201_CREATED
        return Response(data, status=code)


class SubmissionViewSet(ScopedReadOnlyViewSet):
    """平台报送 with the diff against the previous one and the error report."""

    model = Submission
    capability = "registry.view_submission"
    serializer_class = SubmissionSerializer
    filterset_fields = ["platform", "period", "state"]

    def get_queryset(self):
        return super().get_queryset().select_related("platform")

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["json", "xlsx"], description="default json")
        ],
        responses={(200, "application/json"): ErrorReportSerializer, (200, XLSX): bytes},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="errors",
        renderer_classes=[JSONRenderer, XlsxRenderer],
    )
    def errors(self, request, pk=None):
        """The error report: JSON, or XLSX with ``?format=xlsx``."""
        submission = self.get_object()
        if request.query_params.get("format") == "xlsx":
            response = HttpResponse(error_report_xlsx(submission), content_type=XLSX)
            name = f"submission-{submission.pk}-errors.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return HttpResponse(error_report_json(submission), content_type="application/json")


class FlagViewSet(ScopedReadOnlyViewSet):
    model = Flag
    capability = "registry.view_flag"
    serializer_class = FlagSerializer
    filterset_fields = ["kind", "state", "submission"]


class ReferralViewSet(ScopedReadOnlyViewSet):
    model = Referral
    capability = "registry.view_flag"
    serializer_class = ReferralSerializer
    filterset_fields = ["submission"]


class EntityLinkViewSet(ScopedReadOnlyViewSet):
    """主体关联 and the confirmation queue (``?state=pending``)."""

    model = EntityLink
    capability = "registry.resolve_entities"
    serializer_class = EntityLinkSerializer
    filterset_fields = ["state", "shop", "entity"]

    @extend_schema(request=LinkDecisionSerializer, responses=EntityLinkSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Confirm, reject or reverse the decision on a link; audited."""
        link = self.get_object()
        payload = LinkDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        decision, reason = payload.validated_data["decision"], payload.validated_data["reason"]
        try:
            if decision == "reverse":
                link = actions.reverse_link_decision(actor=request.user, link=link, reason=reason)
            else:
                link = actions.decide_link(
                    actor=request.user, link=link, confirm=decision == "confirm", reason=reason
                )
        except ValidationError as error:
            raise ApiValidationError({"decision": error.messages}) from error
        return Response(EntityLinkSerializer(link).data)
