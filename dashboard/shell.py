"""The page shell: the console's HTML page has the browser load the code of its main content first.

Streamlit loads the code of each kind of element the first time a page shows one: the plotly
chart's is one 4.7 MB module (plotly.js inside), the table's 0.5 MB, each fetched and
compiled only once the element's data has arrived, after Streamlit's own start-up and the
page's script, and plotly.js then runs for about 0.75 s before the first chart is drawn
(measured in headless Chromium on this machine: bench/pages.py). The page's `<head>` can
start all that at once:

- every console page lists the table's module as `<link rel="modulepreload">` (the browser
  fetches and compiles it beside Streamlit's own start-up, off the page's main thread) and
  links the table's style sheet, which Streamlit's loader otherwise fetches only when the
  first table arrives, the table waiting for it;
- a page whose main content is a chart (planner, warehouses) also lists the chart module,
  and runs the table module, then the chart module, at once, while Streamlit waits for the
  page's data: plotly.js has run by the time the chart's data comes;
- a page whose main content is a table (review) runs the table module at once, and leaves
  the chart module to Streamlit, which imports it when the page's first chart arrives: the
  table is drawn while the chart module is fetched, and plotly.js runs after it (run or
  preloaded ahead, its 0.75 s landed between the data's arrival and the table's drawing:
  the 11.11 review's table visible 2.2 s after the page was asked for, 1.5 s without);
- the prompter (`?view=prompter`: a host's phone) gets none of it: it draws no chart and no
  table, and shouldn't download them.

`ElementCodeFirst` is the ASGI middleware that adds these lines to the HTML pages the
console serves (through `st.App`, see dashboard/console.py). A Streamlit whose modules are
named otherwise gets nothing added: the pages work as before, only later.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEAD_END = b"</head>"
# Streamlit's element modules worth having before the first element: its plotly chart and
# its table (st.dataframe), by the name its build gives them (`PlotlyChart.<hash>.js`).
ELEMENTS = ("PlotlyChart", "DataFrame")
# Every page (but the prompter) preloads the table's module and links its sheet.
PRELOADED = ("DataFrame",)
# What a page runs at once, one after the other, by the last part of its URL path
# (Streamlit names a page's path after its script, dashboard/views/<name>.py): the modules of
# its main content (bench/pages.py's first paint), preloaded too. They have run before the
# page's data arrives (Streamlit's start-up waits for its websocket meanwhile), so the data
# is drawn as it comes. Run when the browser was idle instead, plotly.js (~0.75 s) ran in the
# gap between the data's arrival and its drawing and held the page back with it.
RUN_AT_ONCE: dict[str, tuple[str, ...]] = {
    "review": ("DataFrame",),
    "planner": ("DataFrame", "PlotlyChart"),
    "warehouses": ("DataFrame", "PlotlyChart"),
}


def element_modules(static_js: Path | None = None) -> dict[str, str]:
    """Each of `ELEMENTS` found in Streamlit's static folder, by its file name there (hashed
    per release, e.g. `PlotlyChart.D9Z0_fxz.js`); one not found exactly once is left out."""
    return _found(static_js or _streamlit_static() / "js", ".js")


def element_styles(static_css: Path | None = None) -> dict[str, str]:
    """The style sheet of each of `ELEMENTS` that has one (the table's: `DataFrame.<hash>.css`)
    in Streamlit's static folder, by its file name there; one not found exactly once is left
    out."""
    return _found(static_css or _streamlit_static() / "css", ".css")


def _found(folder: Path, suffix: str) -> dict[str, str]:
    found = {name: sorted(folder.glob(f"{name}.*{suffix}")) for name in ELEMENTS}
    return {name: files[0].name for name, files in found.items() if len(files) == 1}


def _streamlit_static() -> Path:
    import streamlit

    return Path(streamlit.__file__).parent / "static" / "static"


def _run_at_once(files: list[str]) -> str:
    """JavaScript that imports `files` one after the other, the first at once."""
    imports = [f'import("./static/js/{file}")' for file in files]
    chain = imports[0] + "".join(f".then(() => {step})" for step in imports[1:])
    return chain + ";"


def head_for(scope: Scope, modules: Mapping[str, str],
             styles: Mapping[str, str] | None = None) -> bytes:
    """The lines the `<head>` of the page asked for in `scope` gets (see the module's text)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if "prompter" in query.get("view", []) or not modules:
        return b""
    page = scope.get("path", "").rstrip("/").rsplit("/", 1)[-1]
    run = [modules[name] for name in RUN_AT_ONCE.get(page, ()) if name in modules]
    preload = [modules[name] for name in PRELOADED if name in modules]
    preload += [file for file in run if file not in preload]
    # Relative, as Streamlit writes its own (so they resolve under a base URL path too), and
    # `crossorigin` as its own modulepreload links: the same request as its import.
    lines = [f'<link rel="modulepreload" crossorigin href="./static/js/{file}" />'
             for file in preload]
    # The table's style sheet, linked: Streamlit's loader does not wait for a sheet the page
    # already links when it first imports the table's code (it fetched it only then, and the
    # table waited for it).
    lines += [f'<link rel="stylesheet" href="./static/css/{file}" />'
              for name, file in (styles or {}).items() if modules.get(name) in preload]
    if run:
        lines.append(f'<script type="module">{_run_at_once(run)}</script>')
    return "\n".join(lines).encode()


class ElementCodeFirst:
    """Adds `head_for` the page to the `<head>` of the HTML pages served.

    Only `GET` answers (200) whose content type is text/html are touched (Streamlit serves
    index.html for every page path); the body is read whole (index.html is 8 kB; opened and
    compressed again when Streamlit gzipped it), the lines put before `</head>` once, and
    Content-Length set to match. Everything else (scripts, the websocket, uploads, the
    health check) passes through as it is.
    """

    def __init__(self, app: ASGIApp, modules: Mapping[str, str] | None = None,
                 styles: Mapping[str, str] | None = None) -> None:
        self.app = app
        self.modules = dict(element_modules() if modules is None else modules)
        self.styles = dict(element_styles() if styles is None else styles)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        head = (head_for(scope, self.modules, self.styles)
                if scope["type"] == "http" and scope.get("method") == "GET" else b"")
        if not head:
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body: list[bytes] = []

        async def send_with_head(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if (message.get("status") == 200
                        and headers.get("content-type", "").startswith("text/html")
                        # plain, or gzip (Streamlit compresses its pages for browsers that
                        # accept it); any other encoding passes through as it is
                        and headers.get("content-encoding", "") in ("", "identity", "gzip")):
                    start = message  # held until the whole body is here
                    return
                await send(message)
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                headers = MutableHeaders(scope=start)
                page = _with_head(b"".join(body), head,
                                  gzipped=headers.get("content-encoding") == "gzip")
                headers["content-length"] = str(len(page))
                await send(start)
                await send({"type": "http.response.body", "body": page, "more_body": False})
            else:
                await send(message)

        await self.app(scope, receive, send_with_head)


def _with_head(page: bytes, head: bytes, *, gzipped: bool = False) -> bytes:
    """`page` with `head` before its `</head>` (once; a page without a head is left as is),
    opened and compressed again when `gzipped`."""
    html = gzip.decompress(page) if gzipped else page
    at = html.lower().find(HEAD_END)
    if head in html or at < 0:
        return page
    html = html[:at] + head + b"\n" + html[at:]
    return gzip.compress(html) if gzipped else html
