"""The notifications app sits below the domain apps: they register their kinds with it, and it
imports none of them (core <- accounts <- notifications <- registry <- volunteering <- activities, wishes)."""

import ast
from pathlib import Path

import notifications

DOMAIN_APPS = {"registry", "volunteering", "activities", "wishes"}


def test_notifications_imports_no_domain_app():
    root = Path(notifications.__file__).parent
    found = []
    for path in root.rglob("*.py"):
        if "tests" in path.relative_to(root).parts or "migrations" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            found += [f"{path.relative_to(root)}: {name}" for name in names if name.split(".")[0] in DOMAIN_APPS]
    assert found == []
