"""The OpenAPI schema class of every wangjian API view.

drf-spectacular documents the success response only; clients generated from the schema then
meet refusals it never mentioned. Every operation here also documents the refusals the base
classes can give: 401 (no or bad credentials), 403 (no capability, on lists and writes), 404
(missing or outside the jurisdiction, on details; an out-of-range page on lists), 400 (invalid
body or filter) and 429 (rate limit).
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import AllowAny

from wangjian.core.api.serializers import ErrorSerializer, ValidationErrorSerializer

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        refusals = {"429": ErrorSerializer}
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            refusals["401"] = ErrorSerializer
            refusals["403"] = ErrorSerializer
        takes_input = (
            self.method in WRITE_METHODS
            or self._is_list_view()
            or bool(self._get_filter_parameters())
        )
        if takes_input:
            refusals["400"] = ValidationErrorSerializer
        # Details (missing or outside the jurisdiction), lists (a page past the end) and writes
        # (an addressed object that is missing or outside the jurisdiction).
        if "{" in self.path or self._is_list_view() or self.method in WRITE_METHODS:
            refusals["404"] = ErrorSerializer
        for code, serializer in refusals.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(serializer, code, direction=direction)
        return dict(sorted(responses.items()))
