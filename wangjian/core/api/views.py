import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.core.api.serializers import (
    AuditEventSerializer,
    DivisionSerializer,
    ErrorSerializer,
    IdentifierCheckRequestSerializer,
    IdentifierCheckResultSerializer,
    IssuedTokenSerializer,
    JobSerializer,
    MeSerializer,
    OrgUnitSerializer,
)
from wangjian.core.models import AuditEvent, Division, Job, OrgUnit


class DivisionFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code")
    name = django_filters.CharFilter(field_name="name", lookup_expr="contains")

    class Meta:
        model = Division
        fields = ["level", "parent", "name"]


class DivisionViewSet(ScopedReadOnlyViewSet):
    """行政区划 (GB/T 2260 and 统计用区划代码); looked up by 12-digit code."""

    model = Division
    capability = "core.view_division"
    serializer_class = DivisionSerializer
    filterset_class = DivisionFilter
    lookup_field = "code"
    lookup_value_regex = r"\d{12}"

    def get_queryset(self):
        return super().get_queryset().select_related("parent")


class OrgUnitViewSet(ScopedReadOnlyViewSet):
    """Org units inside the caller's jurisdiction."""

    model = OrgUnit
    capability = "core.view_org_unit"
    serializer_class = OrgUnitSerializer
    filterset_fields = ["kind"]

    def get_queryset(self):
        return super().get_queryset().select_related("division")


class JobViewSet(ScopedReadOnlyViewSet):
    """Background jobs the caller started, and those in their jurisdiction their role may start."""

    model = Job
    capability = "core.view_job"
    serializer_class = JobSerializer
    filterset_fields = ["state", "kind"]

    def get_queryset(self):
        return super().get_queryset().select_related("created_by")


class AuditEventViewSet(ScopedReadOnlyViewSet):
    """The hash-chained audit log, for administrators and section chiefs."""

    model = AuditEvent
    capability = "core.view_audit_event"
    serializer_class = AuditEventSerializer
    filterset_fields = ["event_type", "target_type", "target_id"]


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    """The signed-in user, their role and jurisdiction."""
    return Response(MeSerializer(request.user).data)


@extend_schema(
    request=IdentifierCheckRequestSerializer,
    responses=IdentifierCheckResultSerializer(many=True),
)
@api_view(["POST"])
def check_identifiers(request):
    """Check 统一社会信用代码 (GB 32100) and 居民身份证号码 (GB 11643) values.

    Platforms call this before a submission; ``policy`` ``warn`` accepts pilot-era codes whose
    only failure is the mod-31 check character. ID numbers come back masked.
    """
    from wangjian.core.identifiers import IdentifierPolicy, apply_policy, check_identifier

    payload = IdentifierCheckRequestSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    policy = IdentifierPolicy(payload.validated_data["policy"])
    results = []
    for code in payload.validated_data["codes"]:
        check = check_identifier(code)
        decision = apply_policy(check, policy)
        results.append(
            {**check.as_dict(), "accepted": decision.accepted, "warning": decision.warning}
        )
    return Response(results)


@extend_schema(
    request=None,
    responses={201: IssuedTokenSerializer, 400: ErrorSerializer, 401: ErrorSerializer},
)
@api_view(["POST"])
def rotate_token(request):
    """Replace the API token used for this call with a new one (shown once).

    The old key keeps working for ``API_TOKEN_ROTATION_OVERLAP_HOURS`` so that a platform's
    system can switch without a gap; then it expires.
    """
    from django.core.exceptions import ValidationError

    from wangjian.core.actions.organisation import rotate_api_token
    from wangjian.core.models import ApiToken

    if not isinstance(request.auth, ApiToken):
        return Response(
            {"detail": "只能以接口令牌本身轮换令牌 / sign in with the API token to rotate it"},
            status=400,
        )
    try:
        issued = rotate_api_token(actor=request.user, token=request.auth)
    except ValidationError as error:
        return Response({"detail": " ".join(error.messages)}, status=400)
    request.auth.refresh_from_db()
    return Response(
        {
            "key": issued.key,
            "prefix": issued.token.prefix,
            "expires_at": issued.token.expires_at,
            "previous_expires_at": request.auth.expires_at,
        },
        status=201,
    )
