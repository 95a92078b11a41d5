"""`python -m dashboard [streamlit run options]`: the console, its modules loaded first.

The same pages as `streamlit run dashboard/app.py` (every option passes through; the store
from LIVESTOCK_DB), but the pages' modules are imported before the port opens
(`dashboard.preload`), so the first visitor doesn't wait for them, and the app is served
through `st.App` (dashboard/console.py): the default views computed before the port opens,
the chart and table code fetched while Streamlit starts. `livestock demo` starts the console
this way.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONSOLE = ROOT / "dashboard" / "console.py"  # dashboard/app.py served through `st.App`


def main(argv: list[str] | None = None) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from streamlit.web.cli import main as streamlit_main

    from dashboard.preload import preload

    preload()
    sys.argv = ["streamlit", "run", str(CONSOLE), *(sys.argv[1:] if argv is None else argv)]
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main()
