"""The parsing package is pure Python: it must import and run with Django unimportable."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .helpers import ROOT, SEED_TXT

PARSING = ROOT / "binhdang" / "documents" / "parsing"


def test_no_django_import_in_the_source() -> None:
    for path in PARSING.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("django", "binhdang")), f"{path.name} imports {name}"


def test_parses_with_django_made_unimportable() -> None:
    # "django" in sys.modules set to None makes every `import django…` fail.
    code = (
        "import sys; sys.modules['django'] = None\n"
        "from binhdang.documents.parsing import parse_file\n"
        f"plan = parse_file({str(SEED_TXT)!r})\n"
        "assert len(plan.tasks) == 30\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules if sys.modules[m] is not None)\n"
        "print('ok')\n"
    )
    # Run from the repository root without Django settings; binhdang/__init__ must stay light.
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"


def test_every_module_has_a_docstring() -> None:
    for path in Path(PARSING).glob("*.py"):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()) <= 3, path.name
