import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from wangjian.core.context import request_context

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
API_PREFIX = "/api/"
API_DOCS_PREFIX = "/api/docs/"
LAST_ACTIVITY_KEY = "wangjian_last_activity"


class RequestContextMiddleware:
    """Give every request an id (kept from ``X-Request-ID`` when well formed) for the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        with request_context(request_id=request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response, and ``Cache-Control: no-store`` on what a
    signed-in person (session or API token) receives, so that no shared cache or browser back
    button keeps personal data.

    Everything wangjian serves is vendored, so the policy allows this origin only; the Swagger
    UI at /api/docs/ styles its elements inline and gets ``CONTENT_SECURITY_POLICY_API_DOCS``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            policy = (
                settings.CONTENT_SECURITY_POLICY_API_DOCS
                if request.path.startswith(API_DOCS_PREFIX)
                else settings.CONTENT_SECURITY_POLICY
            )
            response["Content-Security-Policy"] = policy
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path.startswith(API_PREFIX):
            patch_cache_control(response, no_store=True, private=True)
        return response


class SessionIdleTimeoutMiddleware:
    """Sign a person out after a stretch without requests (``STAFF_SESSION_IDLE_MINUTES`` for
    bureau staff, ``SESSION_IDLE_MINUTES`` for everyone else).

    The time of the last request is kept in the session and written at most once a minute. A
    page request after the limit goes to the sign-in page with a message; an API request is
    answered as anonymous (401).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(timezone.now().timestamp())
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > idle_limit_seconds(user):
                logout(request)
                if not request.path.startswith(API_PREFIX):
                    messages.info(
                        request,
                        _("您已超过 %(minutes)s 分钟未操作，为保护数据已自动退出，请重新登录。")
                        % {"minutes": idle_limit_seconds(user) // 60},
                    )
                    response = redirect_to_login(request.get_full_path())
                    if request.headers.get("HX-Request"):
                        # htmx would swap the sign-in page into a fragment: load it instead.
                        response = HttpResponse(status=204)
                        response["HX-Redirect"] = redirect_to_login(request.get_full_path())[
                            "Location"
                        ]
                    return response
            elif last is None or now - last >= 60:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


def idle_limit_seconds(user) -> int:
    from wangjian.core.roles import STAFF_ROLES

    minutes = (
        settings.STAFF_SESSION_IDLE_MINUTES
        if user.role in STAFF_ROLES
        else settings.SESSION_IDLE_MINUTES
    )
    return minutes * 60


class RefusalMiddleware:
    """A refused action that a page view did not catch becomes the refusal in the message bar,
    in the reader's language, on the page the reader came from (or the home page), instead of a
    server error. A refusal of who asks is left to Django's 403 page, and the API has its own
    handler (``core.api.exceptions``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import url_has_allowed_host_and_scheme

        from wangjian.core.errors import ActionRefused

        if not isinstance(exception, ActionRefused) or isinstance(exception, PermissionDenied):
            return None
        if request.path.startswith(API_PREFIX):
            return None
        messages.error(request, str(exception))
        back = request.META.get("HTTP_REFERER", "")
        same_page = back == request.build_absolute_uri()
        safe = url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        if request.method == "GET" or same_page or not safe:
            back = reverse("core:home")
        return redirect(back)
