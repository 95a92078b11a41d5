"""The planner, warehouses and settings pages in a real headless Chromium, on sample_data/.

The store is sample_data/ replayed as of eight hours before its last stream (`?at=`), so
the pages show the same story whatever today's date. Screenshots go to artifacts/
(gitignored): planner_en.png, planner_en_moved.png, planner_lineup_en.png, planner_zh.png,
warehouses_zh.png, settings_en.png.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from core.ingest.service import load_directory
from core.store.db import make_engine
from core.store.models import LiveSession
from core.store.schema import create_schema
from tests.browser.harness import ROOT, chromium, dashboard_server, missing_browser

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(missing_browser() is not None,
                                 reason=missing_browser() or ""),
              pytest.mark.skipif(not (ROOT / "sample_data" / "sessions.csv").exists(),
                                 reason="no sample_data/ to load")]

ARTIFACTS = ROOT / "artifacts"
WAIT_MS = 120_000  # the first open reads and fits the whole sample store


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(base URL, ?at= value) of a dashboard over the sample store."""
    url = f"sqlite:///{tmp_path_factory.mktemp('planning') / 'sample.db'}"
    engine = make_engine(url)
    create_schema(engine)
    load_directory(engine, ROOT / "sample_data")
    with Session(engine) as session:
        last = session.scalar(select(func.max(LiveSession.start)))
    assert last is not None
    at = quote((last - timedelta(hours=8)).isoformat())
    engine.dispose()
    ARTIFACTS.mkdir(exist_ok=True)
    with dashboard_server(url, log=ARTIFACTS / "planning_server.log") as (base, _process):
        yield base, at


@pytest.fixture(scope="module")
def page(site: tuple[str, str]) -> Iterator[Any]:
    with chromium(width=1500, height=2200) as browser_page:
        yield browser_page


def open_page(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stMetric"], [data-testid="stForm"]',
                           timeout=WAIT_MS)
    settle(page)


def settle(page: Any) -> None:
    """Wait until the script run is over (the running indicator gone) and charts drew."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=WAIT_MS)
    page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stException"]').count() == 0


def metric(page: Any, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    return str(box.locator('[data-testid="stMetricValue"]').inner_text())


def shot(page: Any, name: str) -> Path:
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def test_moving_the_viewers_slider_redraws_the_numbers_and_the_chart(
        site: tuple[str, str], page: Any) -> None:
    base, at = site
    open_page(page, f"{base}/planner?lang=en&at={at}")
    # On a loaded machine plotly can draw after the script run is over: wait for it.
    page.wait_for_selector(".js-plotly-plot .legendtext", timeout=WAIT_MS)
    assert page.locator(".js-plotly-plot").count() == 1
    assert page.locator(".js-plotly-plot .legendtext", has_text="Out of stock").count() == 1
    before = metric(page, "Lost sales")
    shot(page, "planner_en.png")

    thumb = page.get_by_role("slider", name="Average concurrent viewers (while live)")
    thumb.focus()
    thumb.press("End")  # expected viewers to the slider's top
    deadline = time.monotonic() + 30
    while metric(page, "Lost sales") == before and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    settle(page)

    assert metric(page, "Lost sales") != before
    assert float(metric(page, "Lost sales").lstrip("$").replace(",", "")) > float(
        before.lstrip("$").replace(",", ""))
    shot(page, "planner_en_moved.png")


def test_a_sessions_lineup_draws_one_row_per_product(site: tuple[str, str], page: Any) -> None:
    base, at = site
    open_page(page, f"{base}/planner?lang=en&at={at}")

    page.get_by_text("A session's lineup").click()
    page.get_by_text("Orders per 1,000 viewers, whole lineup").wait_for(timeout=WAIT_MS)
    settle(page)

    assert page.locator(".js-plotly-plot .legendtext", has_text="In stock").count() == 1
    shot(page, "planner_lineup_en.png")


def test_the_planner_speaks_chinese(site: tuple[str, str], page: Any) -> None:
    base, at = site
    open_page(page, f"{base}/planner?lang=zh&at={at}")

    assert page.get_by_text("今天下单").count() >= 1
    shot(page, "planner_zh.png")


def test_the_warehouses_and_settings_pages_open(site: tuple[str, str], page: Any) -> None:
    base, at = site
    open_page(page, f"{base}/warehouses?lang=zh&at={at}")
    assert page.locator(".js-plotly-plot").count() == 3
    shot(page, "warehouses_zh.png")

    open_page(page, f"{base}/settings?lang=en")
    assert page.get_by_text("Daily tier, days of sales").count() == 1
    shot(page, "settings_en.png")


def test_the_chart_and_table_code_is_loaded_before_the_pages_data_comes(
        site: tuple[str, str], page: Any) -> None:
    # dashboard/shell.py: the planner's page runs Streamlit's table and chart modules while
    # Streamlit starts; the prompter (a host's phone) asks for neither.
    base, at = site
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_page(page, f"{base}/planner?lang=en&at={at}")
    page.wait_for_selector(".js-plotly-plot", timeout=WAIT_MS)

    # As written in the served page's head ("./static/js/..."; Streamlit's own loader adds
    # links too when it imports a module, but with the full URL).
    preloaded = page.eval_on_selector_all('head link[rel="modulepreload"]',
                                          "links => links.map(l => l.getAttribute('href'))")
    assert any(href.startswith("./static/js/PlotlyChart.") for href in preloaded)
    assert any(href.startswith("./static/js/DataFrame.") for href in preloaded)
    assert page.eval_on_selector_all('head script[type="module"]', "scripts => scripts.filter("
                                     "s => s.textContent.includes('/PlotlyChart.'))"
                                     ".length") == 1
    fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    plotly = [name for name in fetched if "/static/js/PlotlyChart." in name]
    assert len(plotly) == 1  # the preload and Streamlit's own import: one request
    # The table's sheet linked in the head: Streamlit's loader does not fetch it again.
    assert page.eval_on_selector_all('head link[rel="stylesheet"][href^="./static/css/DataFrame."]',
                                     "links => links.length") == 1
    sheets = [name for name in fetched if "/static/css/DataFrame." in name]
    assert len(sheets) == 1
    assert errors == []

    page.goto(f"{base}/?view=prompter&lang=en")
    page.wait_for_selector(".ls-p-line", timeout=WAIT_MS)
    assert page.eval_on_selector_all('link[href*="PlotlyChart."]', "links => links.length") == 0
    assert not any("/static/js/PlotlyChart." in name for name in page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name)"))
