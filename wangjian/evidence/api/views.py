import base64

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from wangjian.core.access import NOT_FOUND_MESSAGE
from wangjian.core.actions.jobs import start_job
from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.core.api.serializers import MAX_ID, ErrorSerializer
from wangjian.evidence import actions, custody
from wangjian.evidence.api.serializers import (
    CaptureRequestSerializer,
    CheckpointSerializer,
    ConsistencyProofSerializer,
    EvidenceItemSerializer,
    InclusionProofSerializer,
)
from wangjian.evidence.models import CustodyCheckpoint, EvidenceItem


def _filtered(queryset, params):
    for field in ("case_reference", "subject_type", "subject_id"):
        if params.get(field):
            queryset = queryset.filter(**{field: params[field]})
    return queryset


class EvidenceItemViewSet(ScopedReadOnlyViewSet):
    """存证 visible in the user's jurisdiction; opening one is logged as an access."""

    model = EvidenceItem
    capability = "evidence.view_evidence"
    serializer_class = EvidenceItemSerializer

    def get_queryset(self):
        return _filtered(
            super().get_queryset().select_related("division", "collected_by"),
            self.request.query_params,
        )

    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        actions.record_access(actor=request.user, evidence=item, what="detail")
        return Response(self.get_serializer(item).data)

    @action(detail=True, methods=["get"])
    def bundle(self, request, pk=None):
        item = self.get_object()
        try:
            data = actions.read_bundle(item)
        except FileNotFoundError as error:
            raise NotFound(str(error)) from error
        actions.record_access(actor=request.user, evidence=item, what="bundle")
        response = HttpResponse(data, content_type="application/wacz")
        response["Content-Disposition"] = f'attachment; filename="{item.bundle_id}.wacz"'
        return response

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        item = self.get_object()
        try:
            report = actions.verify_evidence(actor=request.user, evidence=item)
        except FileNotFoundError as error:
            raise NotFound(str(error)) from error
        return Response(
            {
                "ok": report.ok,
                "steps": [
                    {"number": s.number, "name": s.name, "passed": s.passed, "reason": s.reason}
                    for s in report.steps
                ],
            }
        )

    @action(detail=False, methods=["post"])
    def capture(self, request):
        if not request.user.has_capability("evidence.capture_evidence"):
            raise PermissionDenied("无权取证 / not permitted to capture evidence")
        serializer = CaptureRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        parameters = serializer.validated_data
        try:
            actions.check_capture_input(
                url=parameters["url"],
                steps=parameters.get("steps"),
                division=request.user.jurisdiction,
            )
        except ValidationError as error:
            return Response({"detail": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        job = start_job(
            actor=request.user,
            kind="evidence.capture",
            title=f"取证 {parameters['url']}"[:200],
            parameters=parameters,
        )
        return Response({"job": job.pk}, status=status.HTTP_202_ACCEPTED)


def _log_reader(request):
    if not request.user.has_capability("evidence.view_custody_log"):
        raise NotFound(NOT_FOUND_MESSAGE)


def _int_param(request, name: str) -> int:
    try:
        value = int(request.query_params[name])
    except (KeyError, ValueError) as error:
        raise NotFound(
            f"参数 {name} 缺失或不是整数 / parameter {name} missing or not an integer"
        ) from error
    if not 0 <= value <= MAX_ID:
        raise NotFound(f"参数 {name} 超出范围 / parameter {name} out of range")
    return value


# 404: no checkpoint yet, a proof outside the log, or no right to read the log (the same answer).
@extend_schema(responses={200: CheckpointSerializer, 404: ErrorSerializer})
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def checkpoint(request):
    """The latest signed checkpoint (C2SP tlog-checkpoint) and its RFC 3161 token."""
    _log_reader(request)
    latest = CustodyCheckpoint.objects.order_by("-size").first()
    if latest is None:
        raise NotFound("日志尚无检查点 / the log has no checkpoint yet")
    return Response(
        {
            "size": latest.size,
            "root_hash": latest.root_hash,
            "note": latest.note,
            "timestamp_token": base64.b64encode(bytes(latest.timestamp_token)).decode(),
        }
    )


@extend_schema(
    parameters=[
        OpenApiParameter("index", int, required=True),
        OpenApiParameter("size", int, required=True),
    ],
    responses={200: InclusionProofSerializer, 404: ErrorSerializer},
)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def inclusion_proof(request):
    _log_reader(request)
    index, size = _int_param(request, "index"), _int_param(request, "size")
    try:
        proof = custody.inclusion_proof(index, size)
    except custody.ProofRequestError as error:
        raise NotFound(str(error)) from error
    return Response(
        {
            "index": index,
            "size": size,
            "root_hash": custody.root(size).hex(),
            "hashes": [node.hex() for node in proof],
        }
    )


@extend_schema(
    parameters=[
        OpenApiParameter("first", int, required=True),
        OpenApiParameter("second", int, required=True),
    ],
    responses={200: ConsistencyProofSerializer, 404: ErrorSerializer},
)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def consistency_proof(request):
    _log_reader(request)
    first, second = _int_param(request, "first"), _int_param(request, "second")
    try:
        proof = custody.consistency_proof(first, second)
    except custody.ProofRequestError as error:
        raise NotFound(str(error)) from error
    return Response(
        {
            "first": first,
            "second": second,
            "first_root": custody.root(first).hex(),
            "second_root": custody.root(second).hex(),
            "hashes": [node.hex() for node in proof],
        }
    )
