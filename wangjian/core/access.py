"""Detail lookups: the only way code outside querysets reaches a scoped object by id.

Each ``get_<model>_for`` raises ``Http404`` with the same message whether the object is
missing, outside the user's jurisdiction, or of a kind the user's role may not see, so that
the answer never reveals that an object exists.
"""

from django.http import Http404

from wangjian.core.models import AuditEvent, Division, Job, OrgUnit

NOT_FOUND_MESSAGE = "未找到 / Not found."


def not_found() -> Http404:
    return Http404(NOT_FOUND_MESSAGE)


def require_capability(user, capability: str) -> None:
    """Raise the common 404 unless ``user``'s role has ``capability`` (pages and actions)."""
    if user is None or not user.is_authenticated or not user.has_capability(capability):
        raise not_found()


def get_visible_or_404(queryset, user, capability: str, **lookup):
    """Fetch one object through ``queryset.visible_to(user)``; 404 in every failing case."""
    if user is None or not user.is_authenticated or not user.has_capability(capability):
        raise not_found()
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise not_found() from error


def get_division_for(user, code: str) -> Division:
    """Raise Http404 when the code is malformed or unknown."""
    from wangjian.core.divisions import DivisionCodeError, normalise_division_code

    try:
        normalised = normalise_division_code(code)
    except DivisionCodeError as error:
        raise not_found() from error
    return get_visible_or_404(Division.objects, user, "core.view_division", code=normalised)


def get_org_unit_for(user, org_unit_id) -> OrgUnit:
    return get_visible_or_404(OrgUnit.objects, user, "core.view_org_unit", pk=org_unit_id)


def get_job_for(user, job_id) -> Job:
    return get_visible_or_404(Job.objects, user, "core.view_job", pk=job_id)


def get_audit_event_for(user, event_id) -> AuditEvent:
    return get_visible_or_404(AuditEvent.objects, user, "core.view_audit_event", pk=event_id)
