"""协查 API: scoped reads of requests with their thread, sending, and the steps of either side."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from wangjian.collaboration import actions
from wangjian.collaboration.api.serializers import (
    AssistanceRequestSerializer,
    DeviceAlertSerializer,
    DisciplineNoticeSerializer,
    PartnerRecordSerializer,
    RequestEvidenceSerializer,
    RequestMessageSerializer,
    RiskAlertSerializer,
    SendRequestSerializer,
    StepSerializer,
)
from wangjian.collaboration.iot import RETRY_AFTER_SECONDS
from wangjian.collaboration.models import (
    AssistanceRequest,
    DeviceAlert,
    DisciplineNotice,
    RequestMessage,
    RiskAlert,
)
from wangjian.core.access import not_found
from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.core.models import OrgUnit


def _refused(error):
    if isinstance(error, DjangoPermissionDenied):
        return PermissionDenied(str(error))
    return ValidationError({getattr(error, "field", "") or "detail": error.messages})


class AssistanceRequestViewSet(ScopedReadOnlyViewSet):
    """协查请求 the user's bureau sent or received, or between the districts it oversees."""

    model = AssistanceRequest
    capability = "collaboration.view_request"
    serializer_class = AssistanceRequestSerializer

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("requesting_unit", "receiving_unit", "entity")
            .order_by("-sent_on", "-id")
        )

    def retrieve(self, request, *args, **kwargs):
        assistance = self.get_object()
        data = AssistanceRequestSerializer(assistance).data
        data["thread"] = RequestMessageSerializer(
            RequestMessage.objects.visible_to(request.user)
            .filter(request=assistance)
            .select_related("author_unit"),
            many=True,
        ).data
        data["evidence"] = RequestEvidenceSerializer(assistance.evidence.all(), many=True).data
        return Response(data)

    def create(self, request, *args, **kwargs):
        user = request.user
        if not user.has_capability("collaboration.send_request"):
            raise PermissionDenied("无此权限 / not permitted")
        serializer = SendRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        unit = OrgUnit.objects.filter(pk=values["receiving_unit"]).first()
        try:
            from wangjian.collaboration.views import _entity_by_uscc

            entity = _entity_by_uscc(user, unit, values.get("entity_uscc", "")) if unit else None
            created = actions.send_request(
                actor=user,
                receiving_unit=unit,
                subject_text=values["subject_text"],
                questions=values["questions"],
                requested_by=values["requested_by"],
                entity=entity,
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise _refused(error) from error
        return Response(AssistanceRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        user = request.user
        assistance = self.get_object()
        serializer = StepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        step, body = values["step"], values["body"]
        try:
            if step == "accept":
                actions.accept_request(actor=user, request=assistance, note=body)
            elif step == "more":
                actions.ask_for_more(actor=user, request=assistance, body=body)
            elif step == "supplement":
                actions.send_supplement(actor=user, request=assistance, body=body)
            elif step == "message":
                actions.post_message(actor=user, request=assistance, body=body)
            elif step == "answer":
                actions.answer_request(
                    actor=user,
                    request=assistance,
                    findings=body,
                    evidence_bundle_ids=values["evidence"],
                )
            elif step == "decline":
                actions.decline_request(actor=user, request=assistance, reason=body)
            else:  # pragma: no cover - the serializer's choices exclude it
                raise not_found()
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise _refused(error) from error
        assistance.refresh_from_db()
        return Response(AssistanceRequestSerializer(assistance).data)


class DisciplineNoticeViewSet(ScopedReadOnlyViewSet):
    """联合惩戒推送: a partner's own notices; bureau staff see those in their jurisdiction."""

    model = DisciplineNotice
    capability = "collaboration.view_discipline"
    serializer_class = DisciplineNoticeSerializer

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("list_entry__entity", "partner__org_unit")
            .order_by("-sent_on", "-id")
        )


class PartnerRecordView(APIView):
    """A partner department pushes a record (e.g. 重大税收违法失信主体) as a credit event."""

    permission_classes = [permissions.IsAuthenticated]

    def post(self, request):
        user = request.user
        if not user.has_capability("collaboration.push_partner_record"):
            raise PermissionDenied("无此权限 / not permitted")
        serializer = PartnerRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            event = actions.receive_partner_record(actor=user, **serializer.validated_data)
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise _refused(error) from error
        return Response(
            {
                "credit_event": event.pk,
                "entity": event.entity.uscc,
                "kind": event.kind,
                "legal_basis": event.legal_basis,
                "source": f"{event.source_app}/{event.source_type}/{event.source_id}",
            },
            status=status.HTTP_201_CREATED,
        )


class RiskAlertViewSet(ScopedReadOnlyViewSet):
    """风险预警 about the entities in the user's jurisdiction, with their reasons."""

    model = RiskAlert
    capability = "collaboration.view_warning"
    serializer_class = RiskAlertSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("entity", "assigned_to")


class DeviceAlertViewSet(ScopedReadOnlyViewSet):
    """物联感知告警: vendors' systems post batches (``{"alerts": [...]}``); staff read them."""

    model = DeviceAlert
    capability = "collaboration.view_device_alert"
    serializer_class = DeviceAlertSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("entity")

    def create(self, request, *args, **kwargs):
        user = request.user
        if not user.has_capability("collaboration.push_device_alert"):
            raise PermissionDenied("无此权限 / not permitted")
        alerts = request.data.get("alerts") if isinstance(request.data, dict) else None
        try:
            outcome = actions.receive_device_alerts(actor=user, alerts=alerts)
        except actions.Backpressure as error:
            response = Response({"detail": str(error)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise _refused(error) from error
        return Response(outcome, status=status.HTTP_202_ACCEPTED)
