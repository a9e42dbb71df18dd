"""以网管网 API: feeds from platforms and crawlers, scoped reads of findings, batches and clues,
and triage (dismiss with a reason, confirm into a clue).

Refusals share one shape, ``{"detail": "中文 / English", "field": …, "rule": …}`` with 400; an
object the caller may not reach (a platform, finding or clue) answers the common 404.
"""

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from wangjian.core.access import get_visible_or_404, not_found, require_capability
from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.monitoring import access, actions
from wangjian.monitoring.api.serializers import (
    ClueSerializer,
    ConfirmSerializer,
    DismissSerializer,
    FeedReceiptSerializer,
    FeedSerializer,
    FindingSerializer,
    RefusalSerializer,
    ScanBatchSerializer,
)
from wangjian.monitoring.choices import FindingState, Verdict
from wangjian.monitoring.models import Clue, Finding, ScanBatch

REFUSED = OpenApiResponse(RefusalSerializer, description="请求被拒绝 / refused")


def refusal(error: actions.MonitoringError) -> Response:
    return Response(
        {"detail": error.in_both_languages, "field": error.field, "rule": error.rule},
        status=status.HTTP_400_BAD_REQUEST,
    )


class RequestRefused(Exception):
    def __init__(self, response: Response):
        self.response = response


def validated(serializer_class, data) -> dict:
    """The request's fields, or a refusal in the monitoring shape naming the first bad field."""
    serializer = serializer_class(data=data)
    if serializer.is_valid():
        return serializer.validated_data
    name, problems = next(iter(serializer.errors.items()))
    if isinstance(problems, dict):  # a list field: {position: [problems]}
        position, problems = next(iter(problems.items()))
        name = f"{name}[{position}]"
    problem = problems[0] if isinstance(problems, list) else problems
    error = actions.MonitoringError(
        f"请求字段 {name} 无效：{problem} / request field {name} is invalid: {problem}",
        field=name,
        rule=getattr(problem, "code", "invalid"),
    )
    raise RequestRefused(refusal(error))


class RefusalMixin:
    def handle_exception(self, exc):
        if isinstance(exc, RequestRefused):
            return exc.response
        if isinstance(exc, actions.MonitoringError):
            return refusal(exc)
        return super().handle_exception(exc)


def receipt(batch: ScanBatch, already_received: bool) -> dict:
    return {
        "batch": batch.pk,
        "already_received": already_received,
        "records": batch.records,
        "malformed": batch.malformed,
        "errors": batch.errors,
        "findings": batch.findings,
        "new_findings": batch.new_findings,
        "routed_elsewhere": batch.routed_elsewhere,
        "rule_pack": batch.rule_pack,
    }


class FeedViewSet(RefusalMixin, viewsets.GenericViewSet):
    """报送批次: a platform or a crawler posts listings; the scan runs inside the request."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = FeedSerializer

    @extend_schema(
        request=FeedSerializer,
        responses={
            201: FeedReceiptSerializer,
            200: OpenApiResponse(
                FeedReceiptSerializer,
                description="同一批次重复报送，返回首次回执 / the same batch again: first receipt",
            ),
            400: REFUSED,
        },
        description=(
            f"扫描报送的记录（一次最多 {actions.MAX_FEED_RECORDS} 条），格式错误的记录按位置列出"
            "并跳过；同一内容重复报送返回首次回执（200，already_received=true）。指定平台时，"
            "平台须在本辖区（平台账号：本平台），否则 404。/ Scans the posted records (at most "
            f"{actions.MAX_FEED_RECORDS} per batch); malformed records are listed by position "
            "and skipped; the same content posted again returns the first receipt (200). A "
            "named platform must be in the caller's jurisdiction (a platform account: its own), "
            "otherwise 404."
        ),
    )
    def create(self, request):
        user = request.user
        values = validated(FeedSerializer, request.data)
        platform = None
        if values.get("platform") is not None:
            from wangjian.registry.models import Platform

            # The platform is the object addressed: unreachable or missing answer the same 404.
            platform = get_visible_or_404(
                Platform.objects.select_related("division"),
                user,
                "monitoring.submit_feed",
                pk=values["platform"],
            )
        elif not user.has_capability("monitoring.submit_feed"):
            raise PermissionDenied("无此权限 / not permitted")
        received = actions.receive_feed(
            actor=user,
            platform=platform,
            external_id=values["batch_id"],
            records=values["records"],
        )
        code = status.HTTP_200_OK if received.already_received else status.HTTP_201_CREATED
        return Response(receipt(received.batch, received.already_received), status=code)


class FindingFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=FindingState.choices)
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices)
    family = django_filters.CharFilter()
    rule = django_filters.CharFilter()
    batch = django_filters.NumberFilter(field_name="batch_id")
    shop = django_filters.NumberFilter(field_name="shop_id")
    clue = django_filters.NumberFilter(field_name="clue_id")

    class Meta:
        model = Finding
        fields = ["state", "verdict", "family", "rule", "batch", "shop", "clue"]


class FindingViewSet(RefusalMixin, ScopedReadOnlyViewSet):
    """监测发现 in the caller's jurisdiction, with their legal basis, span and triage."""

    model = Finding
    capability = "monitoring.view_finding"
    serializer_class = FindingSerializer
    filterset_class = FindingFilter

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("item", "shop", "division", "clue", "triaged_by")
            .order_by("-id")
        )

    @extend_schema(request=DismissSerializer, responses={200: FindingSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        """Dismiss an open finding with a reason from the list and a note."""
        finding = access.get_triageable_finding_for(request.user, pk)
        values = validated(DismissSerializer, request.data)
        actions.dismiss_finding(
            actor=request.user, finding=finding, reason=values["reason"], note=values["note"]
        )
        return Response(FindingSerializer(access.get_finding_for(request.user, pk)).data)

    @extend_schema(request=ConfirmSerializer, responses={201: ClueSerializer, 400: REFUSED})
    @action(detail=False, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def confirm(self, request):
        """Confirm open findings about one shop (or one text) into a new clue, or add them to an
        open clue; the clue's verification deadline runs in working days from today."""
        user = request.user
        require_capability(user, "monitoring.triage")
        values = validated(ConfirmSerializer, request.data)
        wanted = set(values["findings"])
        if Finding.objects.visible_to(user).filter(pk__in=wanted).count() != len(wanted):
            raise not_found()
        clue = None
        if values.get("clue") is not None:
            clue = get_visible_or_404(Clue.objects, user, "monitoring.triage", pk=values["clue"])
        clue = actions.confirm_findings(
            actor=user, finding_ids=sorted(wanted), note=values["note"], clue=clue
        )
        return Response(
            ClueSerializer(access.get_clue_for(user, clue.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ScanBatchViewSet(ScopedReadOnlyViewSet):
    """监测批次: the bureau's scans; a platform account sees the feed batches it posted."""

    model = ScanBatch
    capability = "monitoring.view_batch"
    serializer_class = ScanBatchSerializer
    filterset_fields = ["source", "state"]

    def get_queryset(self):
        return super().get_queryset().select_related("division", "platform")


class ClueViewSet(ScopedReadOnlyViewSet):
    """线索 registered from confirmed findings, with their verification deadline."""

    model = Clue
    capability = "monitoring.view_finding"
    serializer_class = ClueSerializer
    filterset_fields = {"state": ["exact"]}

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("division", "shop", "entity")
            .prefetch_related("findings")
        )
