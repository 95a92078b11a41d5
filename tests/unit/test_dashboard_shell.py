"""The console's page shell: its HTML pages have the browser load the chart and table code
first (dashboard/shell.py), and nothing else the server sends is touched."""

from __future__ import annotations

import asyncio
import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from dashboard.shell import RUN_AT_ONCE, ElementCodeFirst, element_modules, element_styles

ROOT = Path(__file__).resolve().parents[2]
MODULES = {"PlotlyChart": "PlotlyChart.AbC123.js", "DataFrame": "DataFrame.x-Y_9.js"}
STYLES = {"DataFrame": "DataFrame.Zz1.css"}
# Streamlit's index.html is longer than GZipMiddleware's minimum size, so it is compressed.
PAGE = ("<!DOCTYPE html><html><head><title>Streamlit</title>"
        + "<meta name='filler' content='x'>" * 40 + "</head><body><div id=root></div>"
        "</body></html>")


async def index(_request: Request) -> Response:
    return HTMLResponse(PAGE)


async def script(_request: Request) -> Response:
    return Response("console.log('</head>')", media_type="application/javascript")


async def missing(_request: Request) -> Response:
    return PlainTextResponse("<html><head></head></html>", status_code=404,
                             media_type="text/html")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    content: bytes  # as sent: compressed when the server compressed it

    @property
    def text(self) -> str:
        body = self.content
        if self.headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        return body.decode()


def get(path: str, *, method: str = "GET", gzip_ok: bool = False,
        modules: dict[str, str] = MODULES, styles: dict[str, str] = STYLES) -> Answer:
    """`path` asked of a Starlette app stacked as st.App stacks it (our middleware outermost,
    Streamlit's gzip inside), the answer as the server sent it."""
    app = Starlette(routes=[Route("/static/js/app.js", script), Route("/gone", missing),
                            Route("/{page:path}", index, methods=["GET", "HEAD", "POST"])],
                    middleware=[Middleware(ElementCodeFirst, modules=modules, styles=styles),
                                Middleware(GZipMiddleware, minimum_size=500)])
    url, _, query = path.partition("?")
    headers = [(b"accept-encoding", b"gzip")] if gzip_ok else []
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": url, "raw_path": url.encode(),
             "query_string": query.encode(), "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    asyncio.run(app(scope, receive, send))
    start = sent[0]
    return Answer(status=start["status"],
                  headers={k.decode().lower(): v.decode() for k, v in start["headers"]},
                  content=b"".join(m.get("body", b"") for m in sent[1:]))


def head(html: str) -> str:
    return html[html.index("<head>"):html.index("</head>")]


def test_a_chart_page_preloads_both_modules_and_runs_them_at_once() -> None:
    answer = get("/planner?lang=en")

    assert answer.status == 200
    top = head(answer.text)
    for module in ("PlotlyChart.AbC123.js", "DataFrame.x-Y_9.js"):
        assert f'<link rel="modulepreload" crossorigin href="./static/js/{module}" />' in top
    assert '<link rel="stylesheet" href="./static/css/DataFrame.Zz1.css" />' in top
    # The table module first, then the chart module, at once (not when idle: see shell.py).
    assert ('<script type="module">import("./static/js/DataFrame.x-Y_9.js")'
            '.then(() => import("./static/js/PlotlyChart.AbC123.js"));</script>') in top
    assert "requestIdleCallback" not in top
    assert answer.text.count("PlotlyChart.AbC123.js") == 2  # preloaded, run: added once
    assert answer.text.endswith("</body></html>")
    assert int(answer.headers["content-length"]) == len(answer.content)


def test_a_table_page_runs_the_table_module_and_leaves_the_chart_module_to_streamlit() -> None:
    # The review's main content is its product table: plotly.js run (or preloaded) ahead
    # ran between the data's arrival and the table's drawing (see shell.py).
    for path in ("/review?lang=en&session=S261111-TT-US", "/review/"):
        top = head(get(path).text)

        assert '<link rel="modulepreload" crossorigin href="./static/js/DataFrame.x-Y_9.js" />' \
            in top
        assert '<link rel="stylesheet" href="./static/css/DataFrame.Zz1.css" />' in top
        assert '<script type="module">import("./static/js/DataFrame.x-Y_9.js");</script>' in top
        assert "PlotlyChart" not in top


@pytest.mark.parametrize("path", ["/", "/settings", "/review/x/settings?lang=zh"])
def test_a_page_without_charts_only_preloads_the_table(path: str) -> None:
    top = head(get(path).text)

    assert "modulepreload" in top and "DataFrame.Zz1.css" in top
    assert "PlotlyChart" not in top
    assert "<script" not in top


def test_a_style_sheet_is_linked_only_beside_its_module() -> None:
    top = head(get("/planner", modules={"PlotlyChart": "PlotlyChart.AbC123.js"}).text)

    assert "PlotlyChart.AbC123.js" in top
    assert "DataFrame" not in top  # no table module found: its sheet is left to Streamlit
    assert get("/review", modules={"PlotlyChart": "PlotlyChart.AbC123.js"}).text == PAGE


def test_the_prompter_gets_nothing_added() -> None:
    for path in ("/?view=prompter", "/?lang=en&view=prompter&session=S1"):
        assert get(path).text == PAGE


def test_a_gzipped_page_is_opened_and_compressed_again() -> None:
    answer = get("/warehouses", gzip_ok=True)

    assert answer.headers["content-encoding"] == "gzip"
    assert int(answer.headers["content-length"]) == len(answer.content)
    assert answer.text.count("PlotlyChart.AbC123.js") == 2  # opened, added, compressed
    assert answer.text.replace(head(answer.text), "") == PAGE.replace(head(PAGE), "")


def test_scripts_errors_and_other_methods_pass_through() -> None:
    assert get("/static/js/app.js").text == "console.log('</head>')"
    assert get("/gone").text == "<html><head></head></html>"  # a 404 stays as it is
    assert get("/planner", method="POST").text == PAGE  # only GET
    assert get("/planner", modules={}).text == PAGE  # nothing found: nothing added


def test_the_modules_are_found_in_streamlits_static_folder(tmp_path: Path) -> None:
    for name in ("PlotlyChart.D9Z0_fxz.js", "DataFrame.-f9-1zS0.js", "DataFrameUtil.q.js",
                 "Other.a1.js", "DataFrame.DUkanX9_.css"):
        (tmp_path / name).write_text("")
    (tmp_path / "PlotlyChart.second.js").write_text("")

    # Two PlotlyChart modules: which is meant can't be told, so neither is preloaded.
    assert element_modules(tmp_path) == {"DataFrame": "DataFrame.-f9-1zS0.js"}
    assert element_styles(tmp_path) == {"DataFrame": "DataFrame.DUkanX9_.css"}
    (tmp_path / "DataFrame.other.css").write_text("")
    assert element_styles(tmp_path) == {}


def test_the_installed_streamlit_has_both_modules_and_the_tables_sheet() -> None:
    # Fails when a Streamlit upgrade renames or splits them: the console still works, but
    # its charts and tables paint later until ELEMENTS is brought up to date.
    assert set(element_modules()) == {"PlotlyChart", "DataFrame"}
    assert set(element_styles()) == {"DataFrame"}


def test_the_pages_that_run_the_chart_module_are_those_whose_first_paint_is_a_chart() -> None:
    # bench/pages.py names each page's main content (its first paint): the chart module is
    # run at once exactly where that is a chart; a page that draws charts below its table
    # (the review) leaves it to Streamlit.
    drawing = {path.stem for path in (ROOT / "dashboard" / "views").glob("*.py")
               if "plotly_chart" in path.read_text(encoding="utf-8")}
    bench = (ROOT / "bench" / "pages.py").read_text(encoding="utf-8")
    chart_first = {"planner", "warehouses"}
    for page in chart_first:
        assert f'"/{page}?lang=en", \'[data-testid="stPlotlyChart"]\')' in bench

    assert {page for page, run in RUN_AT_ONCE.items() if "PlotlyChart" in run} == chart_first
    assert chart_first < drawing and "review" in drawing - chart_first
