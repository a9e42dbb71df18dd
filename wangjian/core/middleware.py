import re
import uuid

from wangjian.core.context import request_context

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


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
