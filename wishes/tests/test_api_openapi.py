"""The wishes API's OpenAPI schema against a snapshot, so that every change to the API is deliberate.

After an intended change, rewrite the snapshot and review its diff:
    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest wishes/tests/test_api_openapi.py
Only paths under /api/v1/wishes/ and what they reference are compared; the figures under
/api/v1/wishes/figures/ have a snapshot of their own.
"""

from pathlib import Path

from config.api import api
from core.openapi_testing import load_snapshot, schema_for_prefix

SNAPSHOT = Path(__file__).with_name("openapi_snapshot.json")
PREFIX = "/api/v1/wishes/"
FIGURES = "/api/v1/wishes/figures/"
PUBLIC = {
    ("GET", "wall/{community_id}"),
    ("GET", "wall/{community_id}/compounds"),
    ("GET", "wall/{community_id}/stories"),
    ("GET", "wall/county/{county_id}"),
    ("GET", "wall/wishes/{wish_id}"),
}


class _WithoutFigures:
    """The API's schema without the figures' paths, so that only what they alone reference drops out."""

    @staticmethod
    def get_openapi_schema() -> dict:
        schema = api.get_openapi_schema()
        schema["paths"] = {path: ops for path, ops in schema["paths"].items() if not path.startswith(FIGURES)}
        return schema


def wishes_schema() -> dict:
    return schema_for_prefix(_WithoutFigures(), PREFIX)


def _operations(paths: dict) -> dict:
    return {
        (method.upper(), path.removeprefix(PREFIX)): spec for path, ops in paths.items() for method, spec in ops.items()
    }


def test_openapi_schema_matches_snapshot():
    actual = wishes_schema()
    expected = load_snapshot(SNAPSHOT, actual)
    assert SNAPSHOT.exists(), "No snapshot yet: run this test once with UPDATE_OPENAPI_SNAPSHOT=1."
    assert actual == expected, "The wishes API changed: if intended, rewrite with UPDATE_OPENAPI_SNAPSHOT=1."


def test_snapshot_covers_every_wishes_endpoint():
    schema = wishes_schema()
    operations = _operations(schema["paths"])
    assert not any(path.startswith("figures/") for _method, path in operations)
    assert ("POST", "{wish_id}/claim") in operations
    assert ("POST", "claims/{claim_id}/join") in operations
    assert ("POST", "{wish_id}/delivery") in operations
    assert ("PUT", "settings/{community_id}") in operations
    assert len(operations) == 25
    # Only the wall is public: every other operation names an authentication.
    assert {op for op, spec in operations.items() if not spec.get("security")} == PUBLIC
    # A lost claim is documented as a conflict.
    assert "409" in operations[("POST", "{wish_id}/claim")]["responses"]


def test_the_public_shapes_carry_only_the_masked_wall_fields():
    schemas = wishes_schema()["components"]["schemas"]
    assert set(schemas["WallWishOut"]["properties"]) == {
        "id",
        "title",
        "category",
        "value",
        "reason",
        "wanted_by",
        "posted_at",
        "masked_name",
        "community_id",
        "compound",
    }
    assert set(schemas["WallCompoundOut"]["properties"]) == {"id", "name"}
    assert set(schemas["WallStoryOut"]["properties"]) == {
        "id",
        "title",
        "category",
        "masked_name",
        "compound_name",
        "story",
        "confirmed_at",
    }
    # The door is shown without the resident: no name, phone or ID to whoever delivers.
    assert set(schemas["WishAddressOut"]["properties"]) == {"compound", "building", "unit", "room"}
