"""Per-request context (the request id) carried to the audit log without passing it around."""

import contextlib
import contextvars

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "wangjian_request_id", default=""
)


@contextlib.contextmanager
def request_context(*, request_id: str):
    token = current_request_id.set(request_id)
    try:
        yield
    finally:
        current_request_id.reset(token)
