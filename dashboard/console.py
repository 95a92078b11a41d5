"""The console's web server: dashboard/app.py served through Streamlit's ASGI app (`st.App`).

`python -m dashboard` runs `streamlit run dashboard/console.py`; Streamlit finds `app` below
and serves dashboard/app.py as `streamlit run dashboard/app.py` would, with two additions:
- its lifespan computes what the pages show when opened without a pick before the port
  opens (dashboard/first_views.py), inside the runtime, so the pages' caches hold it;
- its HTML page has the browser load the chart and table code at once (dashboard/shell.py).
Not imported by anything else: constructing `st.App` pins Streamlit's script path for the
process.
"""

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

# `streamlit run` puts only dashboard/ on the path; the rest lives in the dashboard package.
ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from dashboard import first_views  # noqa: E402
from dashboard.shell import ElementCodeFirst  # noqa: E402


@asynccontextmanager
async def first_views_ready(_app: Any) -> AsyncIterator[None]:
    # Streamlit's runtime (and so the pages' caches) has started; the port opens after this.
    await asyncio.to_thread(first_views.warm)
    yield


app = st.App(str(Path(__file__).resolve().parent / "app.py"), lifespan=first_views_ready,
             middleware=[Middleware(ElementCodeFirst)])
