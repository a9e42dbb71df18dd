"""The OpenAPI schema and its Swagger UI: open in a DEBUG demo, signed-in only in production.

The Swagger UI is served split (page and its start-up script at separate URLs) so that the page
needs no inline script under the Content-Security-Policy.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import BasePermission


class SignedInUnlessDebug(BasePermission):
    def has_permission(self, request, view):
        return settings.DEBUG or bool(request.user and request.user.is_authenticated)


class SchemaView(SpectacularAPIView):
    permission_classes = [SignedInUnlessDebug]


class DocsView(SpectacularSwaggerSplitView):
    # A person without a session is sent to the sign-in page rather than shown a 401.
    permission_classes = []

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not settings.DEBUG and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)
