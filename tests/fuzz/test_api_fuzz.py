"""schemathesis over the whole API as a county admin, community staff, a volunteer and nobody: no
request, however malformed, gets a server error. Bounded for `make test`; `make fuzz` runs longer."""

import pytest

from tests.fuzz.api_fuzz import (
    ROLES,
    Findings,
    auth_headers,
    connections_kept_open,
    examples,
    fuzz_operation,
    load_schema,
)

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_no_server_error_from_generated_requests(tiny_demo, db, role):
    schema = load_schema()
    headers = auth_headers(role)
    findings = Findings()
    with connections_kept_open():
        for result in schema.get_all_operations():
            fuzz_operation(result.ok(), role=role, headers=headers, max_examples=examples(3), findings=findings)
    assert findings.server_errors == [], "\n".join(findings.server_errors)
    assert findings.nonconforming == [], "\n".join(findings.nonconforming)
