"""Invariants of ARCHITECTURE.md that import-linter cannot express, checked on the source.

- Views and APIs never write: no model save/delete, no manager or queryset writes, no
  transactions of their own (every write goes through a service).
- Superusers are decided in core only: no app reads `is_superuser` to grant access.
"""

import ast
from pathlib import Path

import binhdang

ROOT = Path(binhdang.__file__).parent
ALWAYS = {"save", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
ON_QUERYSETS = {"create", "update"}


def _sources(predicate):
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if predicate(path, parts):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _is_view(path, parts):
    # views.py, apis.py and the pages split off by concept (views_consolidation.py, …)
    return (path.name.startswith(("views", "apis")) or "views" in parts[:-1] or "apis" in parts[:-1])


def test_views_and_apis_write_nothing_themselves():
    offences = []
    for path, tree in _sources(_is_view):
        for node in ast.walk(tree):
            if (isinstance(node, ast.ImportFrom) and node.module == "django.db"
                    and any(alias.name == "transaction" for alias in node.names)):
                offences.append(f"{path}:{node.lineno} imports django.db.transaction")
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            name, receiver = node.func.attr, ast.unparse(node.func.value)
            if name in ALWAYS or (name in ON_QUERYSETS and ("objects" in receiver or "filter(" in receiver)):
                offences.append(f"{path}:{node.lineno} {receiver}.{name}(…)")
    assert offences == []


def test_no_app_reads_is_superuser_for_access():
    offences = []
    allowed = {ROOT / "core" / "permissions.py"}
    for path, tree in _sources(lambda p, parts: p not in allowed and "demo" not in parts):
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "is_superuser":
                offences.append(f"{path}:{node.lineno}")
    assert offences == []
