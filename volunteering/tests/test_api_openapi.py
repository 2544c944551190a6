"""The volunteering API's OpenAPI schema against a snapshot, so that every change to the API is deliberate.

After an intended change, rewrite the snapshot and review its diff:
    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest volunteering/tests/test_api_openapi.py
Only paths under /api/v1/volunteering/ and what they reference are compared.
"""

from pathlib import Path

from config.api import api
from core.openapi_testing import load_snapshot, schema_for_prefix

SNAPSHOT = Path(__file__).with_name("openapi_snapshot.json")
PREFIX = "/api/v1/volunteering/"


def volunteering_schema() -> dict:
    """The volunteering paths, the component schemas they reach, and the security schemes they name."""
    return schema_for_prefix(api, PREFIX)


def test_openapi_schema_matches_snapshot():
    actual = volunteering_schema()
    expected = load_snapshot(SNAPSHOT, actual)
    assert SNAPSHOT.exists(), "No snapshot yet: run this test once with UPDATE_OPENAPI_SNAPSHOT=1."
    assert actual == expected, "The volunteering API changed: if intended, rewrite with UPDATE_OPENAPI_SNAPSHOT=1."


def test_snapshot_covers_every_volunteering_endpoint():
    paths = volunteering_schema()["paths"]
    operations = {(method.upper(), path.removeprefix(PREFIX)) for path, ops in paths.items() for method in ops}
    assert ("GET", "verify/{serial}") in operations
    assert ("POST", "records/batch") in operations
    assert ("POST", "correction-requests/{request_id}/decide") in operations
    assert len(operations) == 31
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
