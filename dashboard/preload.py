"""Import what the console's pages need before the server takes its first visitor.

`streamlit run` imports a page's modules on the first visit, in that visitor's time: about
two seconds of pandas, SQLAlchemy, plotly, scipy and our own modules before the first tile.
`python -m dashboard` (dashboard/__main__.py) imports them first, so the server opens its
port ready, the way a web server preloads its application. The list is read from the pages'
own import statements (dashboard/app.py and dashboard/views/), so a page's new import is
preloaded without a second list to keep; `LAZY` adds the libraries our modules import only
inside the functions that need them.

Nothing here touches the store or Streamlit's caches: only modules are loaded.
"""

from __future__ import annotations

import ast
import importlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parent
PAGES = (DASHBOARD / "app.py", *sorted((DASHBOARD / "views").glob("*.py")))
# Imported inside functions (so a CLI command that never draws a range or runs an A/B test
# doesn't pay them), but every console sooner or later does. streamlit.emojis: Streamlit's
# emoji catalogue, imported (and its regular expression compiled: 0.2 s) by the first page's
# set_page_config, to check that the page icon is an emoji.
LAZY = ("scipy.special", "scipy.stats", "plotly.io", "pyarrow", "streamlit.emojis")


def page_imports(paths: Iterable[Path] = PAGES) -> list[str]:
    """The modules the page scripts import (`import a.b`, `from a.b import c`, and `from
    dashboard import x` as dashboard.x), in the order first seen; relative imports aside."""
    names: list[str] = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            names.extend(name for name in found if name not in names)
    return names


def preload(say: Callable[[str], None] | None = None) -> list[str]:
    """Import the pages' modules and `LAZY`, then draw one small plotly figure and one
    table the way Streamlit serialises them (plotly's validators and pyarrow's pandas
    conversion load on first use) and look at the stack once (inspect's module index, which
    Streamlit's first element builds otherwise); the modules loaded."""
    # Decorating a function with st.cache_data before the server runs logs "No runtime
    # found" once per function; the caches themselves are made at the first call, inside
    # the server, as usual.
    import streamlit.runtime.caching  # noqa: F401  (its loggers, to quieten below)

    quiet = {name: logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
             if name.startswith("streamlit.runtime.caching")}
    levels = {name: logger.level for name, logger in quiet.items()}
    for logger in quiet.values():
        logger.setLevel(logging.ERROR)
    loaded = []
    try:
        for name in [*page_imports(), *LAZY]:
            try:
                importlib.import_module(name)
            except ImportError:
                continue  # `from pkg import function`: a name, not a module
            loaded.append(name)
        _first_use()
    finally:
        for name, logger in quiet.items():
            logger.setLevel(levels[name])
    if say:
        say(f"preloaded {len(loaded)} modules")
    return loaded


def _first_use() -> None:
    import inspect

    import pandas as pd
    import plotly.graph_objects as go
    import pyarrow as pa

    frame = pd.DataFrame({"sku": ["A", "B"], "units": [1, 2],
                          "at": pd.to_datetime(["2026-11-26", "2026-11-27"], utc=True)})
    pa.Table.from_pandas(frame)
    go.Figure(go.Bar(x=frame["at"], y=frame["units"], name="units")).to_json()
    # Streamlit reads its caller's stack (inspect.stack, to tell a REPL) at a process's first
    # element; inspect's first look indexes every loaded module's file (0.13 s, then 0.02).
    inspect.stack()
