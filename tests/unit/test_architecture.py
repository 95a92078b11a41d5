"""core/ is the domain: it must never import a UI library."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "core"
UI_MODULES = {"streamlit", "plotly"}


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_core_never_imports_streamlit_or_plotly() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(imported_roots(path) & UI_MODULES)
        for path in CORE.rglob("*.py")
    }
    offenders = {name: mods for name, mods in offenders.items() if mods}
    assert list(CORE.rglob("*.py")), "core/ has no modules: the check would pass vacuously"
    assert offenders == {}
