from django.core.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from wangjian.core.errors import ActionRefused


def refusal_data(refusal: ActionRefused) -> dict:
    """An action's refusal as an API answer: the text in the reader's language, the code of the
    rule (stable for programs) and the field concerned."""
    return {"detail": str(refusal), "code": refusal.code, "field": refusal.field}


def exception_handler(exc, context):
    """DRF's handler, with the request id added so a user can quote it to support. A refusal an
    API view did not catch answers 400 with its code and text, never a server error; a refusal
    of who asks keeps DRF's own 403 answer."""
    if isinstance(exc, ActionRefused) and not isinstance(exc, PermissionDenied):
        response = Response(refusal_data(exc), status=400)
    else:
        response = drf_exception_handler(exc, context)
    if response is not None:
        request = context.get("request")
        request_id = getattr(request, "request_id", "") if request is not None else ""
        if isinstance(response.data, dict) and request_id:
            response.data.setdefault("request_id", request_id)
    return response
