"""OpenAPI snapshot helpers for the apps' API tests: one app's part of the schema, and its snapshot file.

Each app compares only its own paths and what they reference, so that another app's routers can
change without touching its snapshot. Rewrite a snapshot after an intended change with
UPDATE_OPENAPI_SNAPSHOT=1 and review its diff.
"""

import json
import os
from pathlib import Path
from typing import Any

from ninja import NinjaAPI
from ninja.responses import NinjaJSONEncoder

SCHEMA_REF = "#/components/schemas/"


def refs(node: Any) -> set[str]:
    """Every "$ref" string anywhere in `node`."""
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(refs(value) for value in node))
    return set()


def schema_for_prefix(api: NinjaAPI, prefix: str) -> dict:
    """The paths under `prefix`, the component schemas they reach, and the security schemes they name."""
    schema = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder, sort_keys=True))
    paths = {path: ops for path, ops in schema["paths"].items() if path.startswith(prefix)}
    components = schema["components"]
    names: set[str] = set()
    pending = refs(paths)
    while pending:
        ref = pending.pop()
        name = ref.removeprefix(SCHEMA_REF)
        if ref.startswith(SCHEMA_REF) and name not in names:
            names.add(name)
            pending |= refs(components["schemas"][name])
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


def load_snapshot(path: Path, actual: dict) -> dict | None:
    """The snapshot at `path`, first rewritten from `actual` when UPDATE_OPENAPI_SNAPSHOT=1; None if there is none."""
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        path.write_text(json.dumps(actual, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
