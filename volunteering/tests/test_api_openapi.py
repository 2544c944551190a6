"""The volunteering API's OpenAPI schema against a snapshot, so that every change to the API is deliberate.

After an intended change, rewrite the snapshot and review its diff:
    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest volunteering/tests/test_api_openapi.py
Only paths under /api/v1/volunteering/ and what they reference are compared.
"""

import json
import os
from pathlib import Path

from ninja.responses import NinjaJSONEncoder

from config.api import api
from registry.tests.test_api_openapi import SCHEMA_REF, _refs

SNAPSHOT = Path(__file__).with_name("openapi_snapshot.json")
PREFIX = "/api/v1/volunteering/"


def volunteering_schema() -> dict:
    """The volunteering paths, the component schemas they reach, and the security schemes they name."""
    schema = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder, sort_keys=True))
    paths = {path: ops for path, ops in schema["paths"].items() if path.startswith(PREFIX)}
    components = schema["components"]
    names: set[str] = set()
    pending = _refs(paths)
    while pending:
        ref = pending.pop()
        name = ref.removeprefix(SCHEMA_REF)
        if ref.startswith(SCHEMA_REF) and name not in names:
            names.add(name)
            pending |= _refs(components["schemas"][name])
    schemes = {
        name for ops in paths.values() for op in ops.values() for rule in op.get("security", []) for name in rule
    }
    return {
        "openapi": schema["openapi"],
        "paths": paths,
        "components": {
            "schemas": {name: components["schemas"][name] for name in sorted(names)},
            "securitySchemes": {name: components["securitySchemes"][name] for name in sorted(schemes)},
        },
    }


def test_openapi_schema_matches_snapshot():
    actual = volunteering_schema()
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(actual, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    assert SNAPSHOT.exists(), "No snapshot yet: run this test once with UPDATE_OPENAPI_SNAPSHOT=1."
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert actual == expected, "The volunteering API changed: if intended, rewrite with UPDATE_OPENAPI_SNAPSHOT=1."


def test_snapshot_covers_every_volunteering_endpoint():
    paths = volunteering_schema()["paths"]
    operations = {(method.upper(), path.removeprefix(PREFIX)) for path, ops in paths.items() for method in ops}
    assert ("GET", "verify/{serial}") in operations
    assert ("POST", "records/batch") in operations
    assert ("POST", "correction-requests/{request_id}/decide") in operations
    assert len(operations) == 30
    # Only the verification is public: every other operation names an authentication.
    public = {op for op, spec in _operations(paths).items() if not spec.get("security")}
    assert public == {("GET", "verify/{serial}")}
    # Volunteers are described with masked personal data only.
    schemas = volunteering_schema()["components"]["schemas"]
    volunteer = schemas["VolunteerDetail"]["properties"]
    assert {"id_number_masked", "phone_masked"} <= set(volunteer)
    assert not {"id_number", "phone", "birth_date", "id_number_enc", "phone_enc"} & set(volunteer)
    assert set(schemas["VerifyOut"]["properties"]) == {
        "serial",
        "name",
        "hours",
        "period_start",
        "period_end",
        "issuer",
        "issued_on",
        "status",
        "revoked_on",
    }


def _operations(paths: dict) -> dict:
    return {
        (method.upper(), path.removeprefix(PREFIX)): spec for path, ops in paths.items() for method, spec in ops.items()
    }
