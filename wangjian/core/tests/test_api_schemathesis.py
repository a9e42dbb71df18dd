"""Schemathesis over every API operation, against the live test server with a signed-in token.

Each operation gets a few generated requests (derandomised, so a run is repeatable); every
response must be no server error and must match the documented status codes, content types
and bodies. The demo district provides data, so lists and details return real records.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from wangjian.core.demo import load_demo
from wangjian.core.models import User
from wangjian.core.tests.factories import make_api_token

EXAMPLES_PER_OPERATION = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.django_db(transaction=True)
def test_every_api_operation_answers_as_documented(live_server, settings):
    # Hundreds of calls in a few seconds from one token: the rate limit is not under test here.
    settings.API_THROTTLE_RATES = {"user": "100000/minute", "anon": "100000/minute"}
    load_demo()
    key = make_api_token(User.objects.get(username="regulator"))
    headers = {"Authorization": f"Token {key}"}
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/schema/?format=json", headers=headers
    )
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call(base_url=live_server.url, headers=headers)
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except (Exception, BaseExceptionGroup) as error:  # every failure is reported below
            failures.append(f"{operation.method.upper()} {operation.path}: {str(error)[:1500]}")
    assert operations > 50
    assert not failures, "\n\n".join(failures)
