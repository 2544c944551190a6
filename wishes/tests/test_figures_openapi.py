"""The figures API's OpenAPI schema against a snapshot, so that every change to it is deliberate.

After an intended change, rewrite the snapshot and review its diff:
    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest wishes/tests/test_figures_openapi.py
Only paths under /api/v1/wishes/figures/ and what they reference are compared.
"""

from pathlib import Path

from config.api import api
from core.openapi_testing import load_snapshot, schema_for_prefix

SNAPSHOT = Path(__file__).with_name("openapi_figures_snapshot.json")
PREFIX = "/api/v1/wishes/figures/"


def figures_schema() -> dict:
    return schema_for_prefix(api, PREFIX)


def test_openapi_schema_matches_snapshot():
    actual = figures_schema()
    expected = load_snapshot(SNAPSHOT, actual)
    assert SNAPSHOT.exists(), "No snapshot yet: run this test once with UPDATE_OPENAPI_SNAPSHOT=1."
    assert actual == expected, "The wish figures API changed: if intended, rewrite with UPDATE_OPENAPI_SNAPSHOT=1."


def test_snapshot_covers_both_endpoints_and_nothing_is_public():
    paths = figures_schema()["paths"]
    operations = {(m.upper(), p.removeprefix(PREFIX)): spec for p, ops in paths.items() for m, spec in ops.items()}
    assert set(operations) == {("GET", ""), ("GET", "ledger.xlsx")}
    assert all(spec.get("security") for spec in operations.values())
    ledger = operations[("GET", "ledger.xlsx")]["responses"]["200"]["content"]
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in ledger
    # The figures name no one: no beneficiary, claimant person, phone or ID anywhere in their shapes.
    schemas = figures_schema()["components"]["schemas"]
    fields = {name for schema in schemas.values() for name in schema.get("properties", {})}
    assert not {"beneficiary", "beneficiary_name", "phone", "id_number", "masked_name"} & fields
