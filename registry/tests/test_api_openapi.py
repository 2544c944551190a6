"""The registry API's OpenAPI schema against a snapshot, so that every change to the API is deliberate.

After an intended change, rewrite the snapshot and review its diff:
    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest registry/tests/test_api_openapi.py
Only paths under /api/v1/registry/ and what they reference are compared, so other apps' routers
can change without touching this snapshot.
"""

import json
import os
from pathlib import Path
from typing import Any

from ninja.responses import NinjaJSONEncoder

from config.api import api

SNAPSHOT = Path(__file__).with_name("openapi_snapshot.json")
PREFIX = "/api/v1/registry/"
SCHEMA_REF = "#/components/schemas/"


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(value) for value in node))
    return set()


def registry_schema() -> dict:
    """The registry's paths, the component schemas they reach, and the security schemes they name."""
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
    actual = registry_schema()
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(actual, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    assert SNAPSHOT.exists(), "No snapshot yet: run this test once with UPDATE_OPENAPI_SNAPSHOT=1."
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert actual == expected, "The registry API changed: if intended, rewrite with UPDATE_OPENAPI_SNAPSHOT=1."


def test_snapshot_covers_every_registry_endpoint():
    paths = registry_schema()["paths"]
    operations = {(method.upper(), path.removeprefix(PREFIX)) for path, ops in paths.items() for method in ops}
    assert ("POST", "residents/{resident_id}/reveal") in operations
    assert ("PATCH", "households/{household_id}") in operations
    assert len(operations) == 21
    # Residents are described with masked personal data only.
    resident = registry_schema()["components"]["schemas"]["ResidentOut"]["properties"]
    assert {"id_number_masked", "phone_masked"} <= set(resident)
    assert not {"id_number", "phone", "birth_date"} & set(resident)


def test_openapi_document_and_docs_are_served(client):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    assert f"{PREFIX}households" in document.json()["paths"]
    assert client.get("/api/docs").url == "/api/v1/docs"
