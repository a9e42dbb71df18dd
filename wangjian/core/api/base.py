"""Base classes every app's API uses, so scoping holds by construction.

``ScopedReadOnlyViewSet.get_queryset`` is always ``model.objects.visible_to(user)``; a role
without the viewset's capability gets 403 on lists and 404 on details (the same 404 as a
missing object), and an object outside the jurisdiction is simply not in the queryset.
"""

from django.http import Http404
from rest_framework import permissions, viewsets

from wangjian.core.access import NOT_FOUND_MESSAGE

LIST_ACTIONS = frozenset({"list", "create"})


class HasCapability(permissions.BasePermission):
    """Check the view's ``capability``; details answer 404 rather than 403."""

    message = "无此权限 / not permitted"

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if user.has_capability(view.capability):
            return True
        if getattr(view, "action", None) in LIST_ACTIONS or getattr(view, "detail", True) is False:
            return False
        raise Http404(NOT_FOUND_MESSAGE)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    capability: str
    model = None
    permission_classes = [permissions.IsAuthenticated, HasCapability]

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)
