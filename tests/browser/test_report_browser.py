"""The review in a real headless Chromium: the mailed HTML report offline, and the page.

The report is the one of sample_data/'s "11.11 Singles' Day mega live" (several products
ran out mid-stream), or of tests/review_store.py's stream without sample_data/. Screenshots
go to artifacts/ (gitignored): review_report_en.png, review_report_zh.png,
review_page_zh.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from core.common.timeutil import utc_now
from core.review.service import (
    light_timeline,
    replenishment_now,
    review_session,
    session_alerts,
)
from core.store.db import make_engine
from core.store.schema import create_schema
from dashboard.report import report_html
from tests.browser.harness import ROOT, chromium, dashboard_server, missing_browser
from tests.review_store import SESSION_ID, build_review_store

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(missing_browser() is not None,
                                 reason=missing_browser() or "")]

ARTIFACTS = ROOT / "artifacts"
SAMPLE = ROOT / "sample_data"
MEGA_LIVE = "S261111-TT-US"
WAIT_MS = 120_000
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def report_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, str]]:
    """sample_data/ with its 11.11 stream, else the constructed stream: (engine, session)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('report') / 'store.db'}"
    engine = make_engine(url)
    create_schema(engine)
    if (SAMPLE / "sessions.csv").exists():
        from core.ingest.service import load_directory

        load_directory(engine, SAMPLE)
        session_id = MEGA_LIVE
    else:
        build_review_store(engine)
        session_id = SESSION_ID
    yield engine, session_id
    engine.dispose()


def write_report(engine: Engine, session_id: str, path: Path, lang: str, tz: tzinfo) -> None:
    review = review_session(engine, session_id=session_id)
    path.write_text(report_html(
        review, lights=light_timeline(engine, session_id=session_id),
        alerts=session_alerts(engine, session_id=session_id),
        plan=replenishment_now(engine, session_id=session_id), lang=lang, tz=tz,
        made_at=utc_now()), encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_draws_its_charts_offline(report_store: tuple[Engine, str], lang: str,
                                             tmp_path: Path) -> None:
    engine, session_id = report_store
    report = tmp_path / f"review_{lang}.html"
    write_report(engine, session_id, report, lang, SHANGHAI)
    fetched: list[str] = []

    with chromium(width=1400, height=1000) as page:
        # Nothing may come from the network: a mailed file opens on a plane too.
        page.route("http*://**", lambda route: (fetched.append(route.request.url),
                                                route.abort()))
        page.goto(report.as_uri())
        page.wait_for_selector(".plot-container", timeout=WAIT_MS)
        charts = page.locator(".plot-container").count()
        bands = page.locator("#timeline g.barlayer path").count()
        heading = page.locator("h1").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"review_report_{lang}.png"), full_page=True)

    assert fetched == []
    assert charts >= 4  # timeline, forecast vs actual, retention, one per A/B test
    assert bands > 0  # the light bands are drawn
    assert heading.startswith("Review" if lang == "en" else "复盘")


# The time the page's first websocket message (Streamlit's data) arrived.
FIRST_MESSAGE = """
const Native = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new Native(...args);
  socket.addEventListener("message", () => {
    window.__firstMessage = window.__firstMessage || performance.now();
  });
  return socket;
};
window.WebSocket.prototype = Native.prototype;
Object.assign(window.WebSocket, Native);
"""


@pytest.fixture
def page_store(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'page.db'}"
    engine = make_engine(url)
    create_schema(engine)
    build_review_store(engine)
    engine.dispose()
    yield url


def test_the_review_page_shows_its_charts_in_a_browser(page_store: str) -> None:
    with dashboard_server(page_store, log=ARTIFACTS / "review_server.log") as (base, _), \
            chromium(width=1500, height=3600) as page:
        page.add_init_script(FIRST_MESSAGE)
        page.goto(f"{base}/review?session={SESSION_ID}&lang=zh")
        page.wait_for_function(
            "document.querySelectorAll('[data-testid=stPlotlyChart] .plot-container')"
            ".length >= 4", timeout=WAIT_MS)
        page.wait_for_timeout(1500)
        metrics = page.locator("[data-testid=stMetric]").all_inner_texts()
        page.screenshot(path=str(ARTIFACTS / "review_page_zh.png"))
        # As the served page wrote them ("./static/..."; Streamlit's loader adds links with the
        # full URL when it imports a module).
        in_head = page.eval_on_selector_all(
            "head link, head script", "nodes => nodes.map(n => n.getAttribute('href') || "
            "n.textContent).filter(text => text.includes('./static/')).join(' ')")
        first_message = page.evaluate("window.__firstMessage")
        plotly = page.evaluate("performance.getEntriesByType('resource').filter(e => "
                               "e.name.includes('/static/js/PlotlyChart.')).map(e => e.startTime)")

    assert any("成交额 GMV" in text and "$3,340" in text for text in metrics)
    # The review's main content is its table: its head runs the table's code at once and
    # leaves the chart's to Streamlit, which asks for it once the page's data has come (run
    # ahead, plotly.js held the table back: dashboard/shell.py).
    assert './static/js/DataFrame.' in in_head and "PlotlyChart" not in in_head
    assert len(plotly) == 1 and plotly[0] > first_message > 0
    assert any("断货商品" in text and "2 / 4" in text for text in metrics)
