"""The shape of the code, checked: core/ is packages by idea, each with pure modules, `reads`,
`writes` and one `service`; the entry points (cli/, dashboard/, receiver/) stand outside.

The rules (README, "Layout"), every one followed through imports transitively and with
imports inside functions counted like the others:
- nothing under core/ reaches a UI, web or terminal library, nor an entry point;
- `core.common` uses the standard library only;
- `core.store` uses SQLAlchemy, SQLModel, Alembic and `core.common`;
- pure modules (everything but reads, writes, service, the modules of a package so named,
  `core.platforms.imports` and the store) use numpy, pandas, scipy, intermittent-forecast,
  the text-parsing libraries (charset-normalizer, price-parser, pycountry), `core.common`
  and other pure modules: never SQLAlchemy or the store;
- `reads` and `writes` take a connection and never open one; only services (and the store's
  own plumbing) open connections and commit;
- no import circle between modules, nor between core's packages.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "core"

ENTRY_POINTS = {"cli", "dashboard", "receiver"}
UI_AND_WEB = {"streamlit", "plotly", "fastapi", "uvicorn", "starlette", "typer", "rich",
              "click", "tqdm"}
STORE_LIBRARIES = {"sqlalchemy", "sqlmodel", "alembic"}
SCIENCE = {"numpy", "pandas", "scipy", "intermittent_forecast"}
# Reading what people typed and exported: encodings, money, country names.
TEXT_PARSING = {"charset_normalizer", "price_parser", "pycountry"}
IO_ROLES = {"reads", "writes", "service"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def core_modules() -> dict[str, Path]:
    return {module_name(path): path for path in CORE.rglob("*.py")}


@cache
def imports_of(module: str) -> tuple[frozenset[str], frozenset[str]]:
    """(core modules it imports, other top-level packages it imports), function bodies too."""
    modules = core_modules()
    inside: set[str] = set()
    outside: set[str] = set()
    tree = ast.parse(modules[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names: Iterable[str]
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from core.x import y` imports the module core.x.y when there is one, else core.x
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules
                     else node.module for alias in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] != "core":
                outside.add(name.split(".")[0])
                continue
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != "core" and name != module:
                inside.add(name)
    return frozenset(inside), frozenset(outside)


@cache
def reach(module: str) -> frozenset[str]:
    """Every core module `module` imports, directly or through others."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        for dep in imports_of(todo.pop())[0]:
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    seen.discard(module)
    return frozenset(seen)


def libraries_reached(module: str) -> set[str]:
    found = set(imports_of(module)[1])
    for dep in reach(module):
        found |= imports_of(dep)[1]
    return found


def package_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


def io_role_of(module: str) -> str:
    """'reads', 'writes' or 'service' when `module` is named so or sits in a package named
    so (core.board.service.facts is a service module), else ''."""
    for part in reversed(module.split(".")[1:]):
        if part in IO_ROLES:
            return part
    return ""


def role_of(module: str) -> str:
    """'store', 'common', 'io' (reads, writes, service, platform imports) or 'pure'."""
    package = package_of(module)
    if package in ("store", "common"):
        return package
    if io_role_of(module) or module.startswith("core.platforms.imports"):
        return "io"
    return "pure"


STDLIB = set(sys.stdlib_module_names) | {"__future__"}


def test_a_module_inside_a_service_package_is_a_service_module() -> None:
    assert role_of("core.board.service.facts") == "io"


def test_there_are_modules_to_check() -> None:
    modules = core_modules()
    assert len(modules) > 50, "core/ looks empty: every rule below would pass vacuously"
    assert {package_of(m) for m in modules} >= {
        "common", "store", "ingest", "platforms", "stock", "board", "forecast", "planning",
        "review", "simulate"}


def test_core_never_reaches_a_ui_a_web_server_or_an_entry_point() -> None:
    offenders = {m: sorted(libraries_reached(m) & (UI_AND_WEB | ENTRY_POINTS))
                 for m in core_modules()}
    assert {m: libs for m, libs in offenders.items() if libs} == {}


def test_common_uses_the_standard_library_only() -> None:
    offenders = {}
    for module in core_modules():
        if role_of(module) != "common":
            continue
        inside, outside = imports_of(module)
        bad = sorted((outside - STDLIB) | {d for d in inside if role_of(d) != "common"})
        if bad:
            offenders[module] = bad
    assert offenders == {}


def test_the_store_uses_only_the_database_libraries_and_common() -> None:
    offenders = {}
    for module in core_modules():
        if role_of(module) != "store":
            continue
        inside, outside = imports_of(module)
        bad = sorted((outside - STDLIB - STORE_LIBRARIES)
                     | {d for d in inside if role_of(d) not in ("store", "common")})
        if bad:
            offenders[module] = bad
    assert offenders == {}


def test_pure_modules_never_reach_sqlalchemy_the_store_or_io() -> None:
    offenders = {}
    for module in core_modules():
        if role_of(module) != "pure":
            continue
        bad = sorted((libraries_reached(module) - STDLIB - SCIENCE - TEXT_PARSING)
                     | {d for d in reach(module) if role_of(d) not in ("pure", "common")})
        if bad:
            offenders[module] = bad
    assert offenders == {}


OPENS = ("create_engine(", "make_engine(", ".connect(", ".begin(", "Session(", ".commit(")


def test_reads_and_writes_take_a_connection_and_never_open_or_commit_one() -> None:
    offenders = {}
    for module, path in core_modules().items():
        if io_role_of(module) not in ("reads", "writes"):
            continue
        text = path.read_text(encoding="utf-8")
        found = [word for word in OPENS if word in text]
        if found:
            offenders[module] = found
    assert offenders == {}


def test_only_services_and_the_store_commit() -> None:
    offenders = [module for module, path in core_modules().items()
                 if ".commit(" in path.read_text(encoding="utf-8")
                 and role_of(module) != "store" and io_role_of(module) != "service"]
    assert offenders == []


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One circle in `graph` as a path, or [] when there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_module_imports_itself_through_others_late_imports_included() -> None:
    graph = {m: set(imports_of(m)[0]) for m in core_modules()}
    assert _cycle(graph) == []


def test_core_packages_depend_on_each_other_without_a_circle() -> None:
    graph: dict[str, set[str]] = {}
    for module in core_modules():
        source = package_of(module)
        for dep in imports_of(module)[0]:
            if package_of(dep) != source:
                graph.setdefault(source, set()).add(package_of(dep))
    assert _cycle(graph) == []


def test_the_cycle_finder_finds_a_circle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_the_cancelled_status_is_named_once_and_every_read_imports_it() -> None:
    """One rule in one place: the reads that leave cancelled orders out share one value, so
    a new status spelling can never make the board count what the stock rule does not."""
    defining = []
    for module, path in core_modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(
                    isinstance(target, ast.Name) and target.id == "CANCELLED"
                    for target in node.targets):
                defining.append(module)

    assert defining == ["core.common.choices"]
