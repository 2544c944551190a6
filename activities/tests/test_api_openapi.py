"""The activities API's OpenAPI schema against a snapshot, so that every change to the API is deliberate.

After an intended change, rewrite the snapshot and review its diff:
    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest activities/tests/test_api_openapi.py
Only paths under /api/v1/activities/ and what they reference are compared.
"""

from pathlib import Path

from config.api import api
from core.openapi_testing import load_snapshot, schema_for_prefix

SNAPSHOT = Path(__file__).with_name("openapi_snapshot.json")
PREFIX = "/api/v1/activities/"


def activities_schema() -> dict:
    return schema_for_prefix(api, PREFIX)


def test_openapi_schema_matches_snapshot():
    actual = activities_schema()
    expected = load_snapshot(SNAPSHOT, actual)
    assert SNAPSHOT.exists(), "No snapshot yet: run this test once with UPDATE_OPENAPI_SNAPSHOT=1."
    assert actual == expected, "The activities API changed: if intended, rewrite with UPDATE_OPENAPI_SNAPSHOT=1."


def test_snapshot_covers_every_activities_endpoint():
    paths = activities_schema()["paths"]
    operations = {
        (method.upper(), path.removeprefix(PREFIX)): spec for path, ops in paths.items() for method, spec in ops.items()
    }
    assert ("POST", "{activity_id}/signups/{signup_id}/decide") in operations
    assert ("POST", "{activity_id}/check-in") in operations
    assert ("POST", "{activity_id}/signups/{signup_id}/no-show") in operations
    assert ("POST", "series") in operations and ("GET", "series/{series_id}") in operations
    assert ("POST", "{activity_id}/photos") in operations and ("POST", "{activity_id}/cover") in operations
    assert len(operations) == 26
    # Nothing is public: every operation names an authentication.
    assert all(spec.get("security") for spec in operations.values())
    # Volunteers on a roster appear by name and number only.
    signup = activities_schema()["components"]["schemas"]["SignUpOut"]["properties"]
    assert not {"id_number", "phone", "id_number_masked", "phone_masked"} & set(signup)
