"""The API under schemathesis: every operation of the OpenAPI schema, generated requests, several roles.

Shared by the bounded run in `make test` (tests/fuzz/test_api_fuzz.py) and the long one of `make fuzz`
(FUZZ_EXAMPLES raises the examples per operation). Failures are collected, not raised at the first,
so one run names every operation that answers a server error.
"""

import os
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from accounts.models import User
from accounts.services import issue_api_token
from config.api import api
from config.wsgi import application

# The demo logins the fuzz run acts as; None is the anonymous caller.
ROLES = ("county", "staff", "volunteer", None)
# Answers use the codes and content types the schema declares. Bodies are not checked against the
# schema: jsonschema's "time" format wants an offset ("19:30:00Z") that a wall-clock time has not.
CONFORMANCE_CHECKS = (status_code_conformance, content_type_conformance)


def examples(default: int) -> int:
    return int(os.environ.get("FUZZ_EXAMPLES", default))


@dataclass
class Findings:
    server_errors: list[str] = field(default_factory=list)
    nonconforming: list[str] = field(default_factory=list)

    def add(self, kind: list[str], role: str | None, case, detail: str) -> None:
        kind.append(f"[{role or 'anonymous'}] {case.operation.label}: {detail}\n    {case.as_curl_command()}")


def load_schema():
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
    schema.app = application
    return schema


@contextmanager
def connections_kept_open():
    """Requests sent straight to the WSGI app run inside the test's transaction, as the test client's do:
    the handler must not close the connection when each request ends."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def auth_headers(username: str | None) -> dict[str, str]:
    if username is None:
        return {}
    _, key = issue_api_token(by=None, user=User.objects.get(username=username), name="fuzz")
    return {"Authorization": f"Bearer {key}"}


def fuzz_operation(operation, *, role: str | None, headers: dict, max_examples: int, findings: Findings):
    """Send `max_examples` valid and as many invalid requests to one operation; record what fails."""
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        probe = _probe(operation, mode, role=role, headers=headers, max_examples=max_examples, findings=findings)
        # Nothing to make invalid: an operation without parameters or body has no negative case.
        with suppress(Unsatisfiable):
            probe()


def _probe(operation, mode, *, role: str | None, headers: dict, max_examples: int, findings: Findings):
    positive = mode is GenerationMode.POSITIVE  # an invalid request need not get a declared answer

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the collected request is enough
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def probe(case):
        response = case.call(headers=headers)
        if response.status_code >= 500:
            findings.add(findings.server_errors, role, case, f"{response.status_code} {response.text[:300]}")
        elif positive:
            try:
                case.validate_response(response, checks=list(CONFORMANCE_CHECKS), headers=headers)
            except (Exception, BaseExceptionGroup) as exc:
                findings.add(findings.nonconforming, role, case, str(exc)[:500])

    return probe
