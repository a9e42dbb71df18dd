from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from rest_framework.decorators import action
from rest_framework.response import Response

from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.platforms.api.serializers import (
    PlatformActionRequestSerializer,
    PlatformClassificationSerializer,
    PlatformNoticeSerializer,
    SelfAssessmentSerializer,
)
from wangjian.platforms.guides import business_types_for_subtype
from wangjian.platforms.models import (
    PlatformActionRequest,
    PlatformClassification,
    PlatformNotice,
    SelfAssessment,
)
from wangjian.platforms.obligations import evaluate, parse_period, previous_half_year
from wangjian.registry.models import Platform


class PlatformClassificationViewSet(ScopedReadOnlyViewSet):
    """平台分类分级 by year (draft guidance of 2021-10-29), current results only."""

    model = PlatformClassification
    capability = "platforms.view_platform"
    serializer_class = PlatformClassificationSerializer

    def get_queryset(self):
        return super().get_queryset().filter(is_current=True).select_related("platform")


class PlatformObligationViewSet(ScopedReadOnlyViewSet):
    """主体责任履行情况: ``/platforms/obligations/<platform id>/?period=2026H1``."""

    model = Platform
    capability = "platforms.view_platform"

    def list(self, request):
        return Response(
            [{"platform": p.pk, "name": p.name} for p in self.get_queryset().order_by("pk")]
        )

    def retrieve(self, request, pk=None):
        platform = self.get_object()
        period = request.query_params.get("period") or previous_half_year(timezone.localdate())
        try:
            parse_period(period)
        except ValueError as error:
            return Response({"detail": str(error)}, status=400)
        latest = (
            PlatformClassification.objects.visible_to(request.user)
            .filter(platform=platform, is_current=True)
            .order_by("-year")
            .first()
        )
        kinds = business_types_for_subtype(latest.category, latest.subtype) if latest else []
        results = evaluate(
            platform, period, tier=latest.tier if latest else None, business_types=kinds
        )
        return Response(
            {
                "platform": platform.pk,
                "period": period,
                "obligations": [
                    {
                        "key": r.item["key"],
                        "title": r.item["title"],
                        "basis": [b["text"] for b in r.item["basis"]],
                        "verification": r.item["verification"],
                        "period": r.period,
                        "due_on": r.due_on,
                        "status": r.status,
                        "status_label": r.status_label,
                        "computed": r.computed,
                        "explanation": r.explanation,
                        "evidence": r.evidence,
                    }
                    for r in results
                ],
            }
        )


class SelfAssessmentViewSet(ScopedReadOnlyViewSet):
    """数据合规自评估 visible to the user (own, or the jurisdiction's)."""

    model = SelfAssessment
    capability = "platforms.view_assessment"
    serializer_class = SelfAssessmentSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("entity").prefetch_related("rectifications")

    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None):
        """Save answers: ``{"answers": {"<item>": {"answer": "yes", "evidence": "…"}}}``."""
        from wangjian.platforms.actions import save_answers

        assessment = self.get_object()
        answers = request.data.get("answers")
        if not isinstance(answers, dict) or not all(isinstance(v, dict) for v in answers.values()):
            return Response(
                {
                    "detail": "answers 须为 {题目: {answer, note, evidence}} / answers must "
                    "map items to objects"
                },
                status=400,
            )
        return _run(
            lambda: save_answers(actor=request.user, assessment=assessment, answers=answers)
        )

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the draft: the response carries the score, gaps and rectification plan."""
        from wangjian.platforms.actions import submit_assessment

        assessment = self.get_object()
        return _run(lambda: submit_assessment(actor=request.user, assessment=assessment))


def _run(call):
    try:
        assessment = call()
    except PermissionDenied as error:
        return Response({"detail": str(error)}, status=403)
    except ValidationError as error:
        return Response({"detail": "；".join(error.messages)}, status=400)
    assessment.refresh_from_db()
    return Response(SelfAssessmentSerializer(assessment).data)


class PlatformActionRequestViewSet(ScopedReadOnlyViewSet):
    """平台处置要求 addressed to the platform (or sent by the jurisdiction); the platform replies
    with ``POST …/<id>/reply/`` ``{"reply": "taken_down", "note": "…", "attachments":
    [{"name": "x.png", "content_base64": "…"}]}``."""

    model = PlatformActionRequest
    capability = "platforms.view_platform"
    serializer_class = PlatformActionRequestSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("platform").prefetch_related("attachments")

    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        import base64
        import binascii

        from wangjian.platforms.actions import Upload, reply_to_action_request

        item = self.get_object()
        try:
            uploads = [
                Upload(
                    name=str(a.get("name", "")),
                    content=base64.b64decode(a.get("content_base64", ""), validate=True),
                )
                for a in request.data.get("attachments") or []
            ]
        except (AttributeError, TypeError, binascii.Error):
            return Response(
                {
                    "detail": "attachments 须为 [{name, content_base64}] / attachments must be a "
                    "list of {name, content_base64}"
                },
                status=400,
            )
        try:
            item = reply_to_action_request(
                actor=request.user,
                request=item,
                reply=str(request.data.get("reply", "")),
                note=str(request.data.get("note", "")),
                attachments=uploads,
            )
        except PermissionDenied as error:
            return Response({"detail": str(error)}, status=403)
        except ValidationError as error:
            return Response({"detail": "；".join(error.messages)}, status=400)
        return Response(PlatformActionRequestSerializer(item).data)


class PlatformNoticeViewSet(ScopedReadOnlyViewSet):
    """通知 addressed to the platform: ``POST …/<id>/acknowledge/`` records 送达;
    ``POST …/<id>/answer/`` ``{"answer": "…"}``."""

    model = PlatformNotice
    capability = "platforms.view_platform"
    serializer_class = PlatformNoticeSerializer

    def _run(self, call):
        try:
            notice = call()
        except PermissionDenied as error:
            return Response({"detail": str(error)}, status=403)
        except ValidationError as error:
            return Response({"detail": "；".join(error.messages)}, status=400)
        return Response(PlatformNoticeSerializer(notice).data)

    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        from wangjian.platforms.actions import acknowledge_notice

        notice = self.get_object()
        return self._run(lambda: acknowledge_notice(actor=request.user, notice=notice))

    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        from wangjian.platforms.actions import answer_notice

        notice = self.get_object()
        text = str(request.data.get("answer", ""))
        return self._run(lambda: answer_notice(actor=request.user, notice=notice, answer=text))
