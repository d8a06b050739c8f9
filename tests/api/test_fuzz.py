"""Property-based fuzzing from the live app's OpenAPI schema (schemathesis): whatever a
client sends that the schema allows, or nearly allows, the server never fails with 5xx.

Bounded: a few examples per operation, so both backends run in well under a minute.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error

from .conftest import Service

EXAMPLES_PER_OPERATION = 8


def _role(path: str) -> str:
    return "admin" if path.startswith("/admin") else "protection_officer"


def _fuzz(operation: schemathesis.APIOperation, base_url: str, headers: dict) -> None:
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def fuzz(case: schemathesis.Case) -> None:
        response = case.call(base_url=base_url, headers=headers)
        case.validate_response(response, checks=[not_a_server_error])

    fuzz()


def test_no_server_errors_from_schema_driven_requests(service: Service) -> None:
    schema = schemathesis.openapi.from_url(f"{service.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        _fuzz(operation, service.url, {"X-API-Key": service.keys[_role(operation.path)]})
