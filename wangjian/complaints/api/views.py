"""Complaints API: scoped reads, intake for 12315 exports and platform ODR desks (token auth),
and 12315 file import."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from wangjian.complaints import actions
from wangjian.complaints.api.serializers import (
    AttachmentSerializer,
    ComplaintSerializer,
    FiledSerializer,
    ImportQueuedSerializer,
    ImportRequestSerializer,
    ImportResultSerializer,
    IntakeSerializer,
)
from wangjian.complaints.choices import Channel
from wangjian.complaints.imports import receive_import
from wangjian.complaints.models import Complaint, ComplaintAttachment
from wangjian.complaints.personal import contact_for, may_see_personal_data, respondent_view
from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.core.uploads import FileRefused, import_limits

MAX_BATCH = 500


def _filed_answer(filed) -> dict:
    return {
        "records": [
            {
                "id": r.pk,
                "receipt_number": r.receipt_number,
                "kind": r.kind,
                "division": r.division.code,
                "state": r.state,
            }
            for r in filed.records
        ],
        "lookup_code": filed.lookup_code,
    }


class ComplaintViewSet(ScopedReadOnlyViewSet):
    model = Complaint
    capability = "complaints.view_complaint"
    serializer_class = ComplaintSerializer
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self):
        return super().get_queryset().select_related("division").prefetch_related("clocks")

    def retrieve(self, request, *args, **kwargs):
        complaint = self.get_object()
        attachments = AttachmentSerializer(
            ComplaintAttachment.objects.visible_to(request.user).filter(complaint=complaint),
            many=True,
        ).data
        if request.user.jurisdiction is None:
            # The respondent side (ODR desks, merchants): never the reporter or the contact;
            # of the evidence files, only its own.
            return Response({**respondent_view(complaint), "attachments": attachments})
        data = ComplaintSerializer(complaint).data
        data["contact"] = contact_for(request.user, complaint, purpose="接口查看")
        if not may_see_personal_data(request.user):
            # A file name can name a person ("张三身份证.jpg"): withheld like the contact.
            attachments = [{**row, "name": None} for row in attachments]
        data["attachments"] = attachments
        return Response(data)

    @extend_schema(request=IntakeSerializer, responses={201: FiledSerializer})
    def create(self, request, *args, **kwargs):
        """One submission, or a JSON array of up to ``MAX_BATCH`` filed in one transaction (all
        or none) with the registry matches looked up once per batch."""
        user = request.user
        if not user.has_capability("complaints.submit_api"):
            raise PermissionDenied("无此权限 / not permitted")
        batch = isinstance(request.data, list)
        if batch and not 1 <= len(request.data) <= MAX_BATCH:
            raise ValidationError(
                {"detail": [f"一次提交 1 至 {MAX_BATCH} 条 / send 1 to {MAX_BATCH} submissions"]}
            )
        serializer = IntakeSerializer(data=request.data, many=batch)
        serializer.is_valid(raise_exception=True)
        rows = serializer.validated_data if batch else [serializer.validated_data]
        received_by = user.jurisdiction
        channel = Channel.API
        platform = None
        if received_by is None:
            # A platform's ODR desk files with its platform's seat as the receiving bureau.
            account = user.platform_accounts.select_related("platform__division").first()
            if account is None:
                raise PermissionDenied("账号未关联平台 / account has no platform")
            platform = account.platform
            received_by = platform.division
            channel = Channel.ODR_DESK
        submissions = []
        for row in rows:
            values = dict(row)
            received_on = values.pop("received_on", None)
            values["kinds"] = tuple(values["kinds"])
            values["attachments"] = [
                (item["name"], item["content"]) for item in values["attachments"]
            ]
            if platform is not None:
                values["platform_name"] = values["platform_name"] or platform.name
            submissions.append((actions.IntakeData(**values), received_on))
        try:
            filed = actions.file_submissions(
                actor=user, submissions=submissions, channel=channel, received_by=received_by
            )
        except actions.ComplaintError as error:
            raise ValidationError({error.field or "detail": [str(error)]}) from error
        answers = [_filed_answer(one) for one in filed]
        return Response(answers if batch else answers[0], status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={201: ImportResultSerializer, 202: ImportQueuedSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request):
        user = request.user
        if not user.has_capability("complaints.import") or user.jurisdiction is None:
            raise PermissionDenied("无此权限 / not permitted")
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": ["请上传文件 / upload a file"]})
        if upload.size > import_limits().max_file_bytes:
            raise ValidationError({"file": [f"文件过大 / file too large: {upload.size} bytes"]})
        try:
            receipt = receive_import(
                actor=user, content=upload.read(), file_name=upload.name, division=user.jurisdiction
            )
        except FileRefused as error:
            raise ValidationError({"file": [str(error)]}) from error
        if receipt.job is not None:
            return Response(
                {"job": receipt.job.pk, "state": receipt.job.state},
                status=status.HTTP_202_ACCEPTED,
            )
        batch = receipt.batch
        return Response(
            {
                "batch": batch.pk,
                "rows_read": batch.rows_read,
                "rows_committed": batch.rows_committed,
                "rows_skipped": batch.rows_skipped,
                "rows_rejected": batch.rows_rejected,
                "errors": [
                    {
                        "row": e.row,
                        "column": e.column,
                        "value": e.value,
                        "rule": e.rule,
                        "message": e.message,
                    }
                    for e in batch.errors.all()
                ],
            },
            status=status.HTTP_201_CREATED,
        )
