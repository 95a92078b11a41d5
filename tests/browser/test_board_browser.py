"""The live board in a real headless Chromium against a real `streamlit run` server.

Screenshots go to artifacts/ (gitignored): board_en.png, board_en_changed.png, board_zh.png,
prompter_en.png, prompter_zh.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.db import create_schema, make_engine
from core.timeutil import utc_now
from tests.app.livestore import add_orders, build_live_store
from tests.browser.harness import ROOT, chromium, dashboard_server, missing_browser

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(missing_browser() is not None,
                                 reason=missing_browser() or "")]

ARTIFACTS = ROOT / "artifacts"
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """(base URL, engine): a dashboard server over a store with a session live now."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'board.db'}"
    engine = make_engine(url)
    create_schema(engine)
    build_live_store(engine, now=utc_now())
    ARTIFACTS.mkdir(exist_ok=True)
    with dashboard_server(url, log=ARTIFACTS / "browser_server.log") as (base, _process):
        yield base, engine
    engine.dispose()


@pytest.fixture(scope="module")
def page(console: tuple[str, Any]) -> Iterator[Any]:
    with chromium() as browser_page:
        yield browser_page


def open_board(page: Any, url: str, selector: str = ".ls-tile") -> None:
    page.goto(url)
    page.wait_for_selector(selector, timeout=WAIT_MS)
    page.wait_for_timeout(1000)  # let fonts and the first fragment run settle
    assert page.locator('[data-testid="stException"]').count() == 0


def shot(page: Any, name: str) -> Path:
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def test_the_board_shows_push_swap_and_presale_words_on_big_tiles(console: tuple[str, Any],
                                                                  page: Any) -> None:
    base, _ = console
    open_board(page, f"{base}/?lang=en")

    words = page.locator(".ls-word").all_inner_texts()
    assert any("PUSH" in w for w in words)
    assert any("SWAP" in w for w in words)
    assert any("PRESALE" in w for w in words)
    assert page.locator(".ls-tile").count() == 4
    assert page.get_by_text("swap to LED Strip 10m").is_visible()
    number = page.locator('.ls-tile[data-sku="LED10"] .ls-num')
    assert number.inner_text() == "1,240"
    assert float(number.evaluate("e => getComputedStyle(e).fontSize")[:-2]) >= 56
    assert shot(page, "board_en.png").stat().st_size > 20_000


def test_an_order_that_sells_out_a_product_shows_without_reloading(console: tuple[str, Any],
                                                                   page: Any) -> None:
    base, engine = console
    open_board(page, f"{base}/?lang=en")
    assert page.locator('.ls-tile[data-sku="RING"]').get_attribute("data-light") == "push"

    add_orders(engine, sku="RING", qty=990, at=utc_now())

    page.wait_for_selector('.ls-tile[data-sku="RING"][data-light="presale"]', timeout=10_000)
    assert "NEW" in page.locator('.ls-tile[data-sku="RING"] .ls-new').inner_text()
    page.wait_for_selector(".ls-alerts li:has-text('RING: PUSH → PRESALE')", timeout=10_000)
    shot(page, "board_en_changed.png")


def test_the_chinese_board_reads_in_chinese(console: tuple[str, Any], page: Any) -> None:
    base, _ = console
    open_board(page, f"{base}/?lang=zh")

    words = " ".join(page.locator(".ls-word").all_inner_texts())
    assert "主推" in words and "换品" in words and "预售" in words
    shot(page, "board_zh.png")


def test_the_prompter_shows_the_next_actions_alone_on_a_dark_screen(console: tuple[str, Any],
                                                                    page: Any) -> None:
    base, _ = console
    open_board(page, f"{base}/?view=prompter&lang=en", ".ls-prompter")

    lines = page.locator(".ls-p-line").all_inner_texts()
    assert any("SWAP" in line and "LED Strip 5m" in line for line in lines)
    assert any("PRESALE" in line and "ships" in line for line in lines)
    assert page.locator(".ls-tile").count() == 0 and page.locator(
        '[data-testid="stMetric"]').count() == 0
    size = page.locator(".ls-p-line").first.evaluate("e => getComputedStyle(e).fontSize")
    assert float(size[:-2]) >= 60
    background = page.locator('[data-testid="stApp"]').evaluate(
        "e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    shot(page, "prompter_en.png")
    open_board(page, f"{base}/?view=prompter&lang=zh", ".ls-prompter")
    shot(page, "prompter_zh.png")
