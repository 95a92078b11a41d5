"""`python -m dashboard [streamlit run options]`: the console, its modules loaded first.

The same pages as `streamlit run dashboard/app.py` (every option passes through; the store
from LIVESTOCK_DB), but the pages' modules are imported before the port opens
(`dashboard.preload`), so the first visitor doesn't wait for them, and the app is served
through `st.App` (dashboard/console.py), whose HTML page has the browser fetch the chart
library while Streamlit starts (dashboard/shell.py). `livestock demo` starts the console
this way.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
CONSOLE = ROOT / "dashboard" / "console.py"


def served_script() -> Path:
    """console.py where Streamlit has `st.App` (its ASGI app, Streamlit 1.5x and later),
    else app.py itself (the same pages, without the chart library fetched first)."""
    import streamlit

    return CONSOLE if hasattr(streamlit, "App") else APP


def main(argv: list[str] | None = None) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from streamlit.web.cli import main as streamlit_main

    from dashboard.preload import preload

    preload()
    sys.argv = ["streamlit", "run", str(served_script()),
                *(sys.argv[1:] if argv is None else argv)]
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main()
