"""The registry API's OpenAPI schema against a snapshot, so that every change to the API is deliberate.

After an intended change, rewrite the snapshot and review its diff:
    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest registry/tests/test_api_openapi.py
Only paths under /api/v1/registry/ and what they reference are compared, so other apps' routers
can change without touching this snapshot.
"""

from pathlib import Path

from config.api import api
from core.openapi_testing import load_snapshot, schema_for_prefix

SNAPSHOT = Path(__file__).with_name("openapi_snapshot.json")
PREFIX = "/api/v1/registry/"


def registry_schema() -> dict:
    """The registry's paths, the component schemas they reach, and the security schemes they name."""
    return schema_for_prefix(api, PREFIX)


def test_openapi_schema_matches_snapshot():
    actual = registry_schema()
    expected = load_snapshot(SNAPSHOT, actual)
    assert SNAPSHOT.exists(), "No snapshot yet: run this test once with UPDATE_OPENAPI_SNAPSHOT=1."
    assert actual == expected, "The registry API changed: if intended, rewrite with UPDATE_OPENAPI_SNAPSHOT=1."


def test_snapshot_covers_every_registry_endpoint():
    paths = registry_schema()["paths"]
    operations = {(method.upper(), path.removeprefix(PREFIX)) for path, ops in paths.items() for method in ops}
    assert ("POST", "residents/{resident_id}/reveal") in operations
    assert ("PATCH", "households/{household_id}") in operations
    assert ("POST", "roster-imports/{import_id}/retry") in operations
    assert len(operations) == 25
    # Residents are described with masked personal data only.
    resident = registry_schema()["components"]["schemas"]["ResidentOut"]["properties"]
    assert {"id_number_masked", "phone_masked"} <= set(resident)
    assert not {"id_number", "phone", "birth_date"} & set(resident)


def test_openapi_document_and_docs_are_served(client):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    assert f"{PREFIX}households" in document.json()["paths"]
    assert client.get("/api/docs").url == "/api/v1/docs"
