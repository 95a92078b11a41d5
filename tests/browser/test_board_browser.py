"""The live board in a real headless Chromium against a real `streamlit run` server.

The store is sample_data/ with tonight's stream held at its first minute by a simulation
clock (what `livestock demo`'s simulator writes), so the board is the demo's, whatever
today's date; without sample_data/ it is tests/app/livestore.py's store. Screenshots go to
artifacts/ (gitignored): board_en.png, board_en_changed.png, board_zh.png, prompter_en.png,
prompter_zh.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from core.board.model import Board, Light
from core.board.service import board_with_forecast
from core.common.timeutil import utc_now
from core.store.db import make_engine
from core.store.models import LiveSession, Product, SimClock
from core.store.schema import create_schema
from tests.app.livestore import add_orders, build_live_store
from tests.browser.harness import ROOT, chromium, dashboard_server, missing_browser

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(missing_browser() is not None,
                                 reason=missing_browser() or "")]

ARTIFACTS = ROOT / "artifacts"
SAMPLE = ROOT / "sample_data"
WAIT_MS = 60_000  # a shared, loaded machine takes its time on a cold page


@dataclass(frozen=True)
class Console:
    base: str
    engine: Engine
    session_id: str
    held_at: datetime | None  # the simulation clock, when the session plays in one

    def board(self) -> Board:
        """The board as the console computes it: remaining demand from the forecast."""
        return board_with_forecast(self.engine, session_id=self.session_id)

    def order_time(self) -> datetime:
        """Now, in the session's own time (an order after its clock would not count yet)."""
        return self.held_at - timedelta(seconds=1) if self.held_at else utc_now()


def hold_tonight_from_sample_data(engine: Engine) -> tuple[str, datetime] | None:
    """Load sample_data/ and hold its last session at its first minute; None without it."""
    if not (SAMPLE / "sessions.csv").exists():
        return None
    from core.ingest.service import load_directory

    load_directory(engine, SAMPLE)
    with Session(engine) as session:
        tonight = session.scalars(select(LiveSession).order_by(
            LiveSession.start.desc())).first()  # type: ignore[attr-defined]
        assert tonight is not None, "sample_data/sessions.csv has no session"
        held_at = tonight.start + timedelta(minutes=1)
        session.add(SimClock(session_id=tonight.session_id, sim_now=held_at,
                             wall_now=utc_now(), speed=1.0, finished=False))
        session.commit()
        return tonight.session_id, held_at


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'board.db'}"
    engine = make_engine(url)
    create_schema(engine)
    held = hold_tonight_from_sample_data(engine)
    if held is None:
        build_live_store(engine, now=utc_now())
    session_id, held_at = held or ("BF-US-1", None)
    ARTIFACTS.mkdir(exist_ok=True)
    with dashboard_server(url, log=ARTIFACTS / "browser_server.log") as (base, _process):
        yield Console(base, engine, session_id, held_at)
    engine.dispose()


@pytest.fixture(scope="module")
def page(console: Console) -> Iterator[Any]:
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


def test_the_board_shows_push_swap_and_presale_on_big_tiles_in_the_boards_order(
        console: Console, page: Any) -> None:
    expected = console.board()
    open_board(page, f"{console.base}/?lang=en")

    words = page.locator(".ls-word").all_inner_texts()
    assert any("PUSH" in w for w in words)
    assert any("SWAP" in w for w in words)
    assert any("PRESALE" in w for w in words)
    tiles = page.locator(".ls-tile")
    assert [tiles.nth(i).get_attribute("data-sku") for i in range(tiles.count())] == [
        row.sku for row in expected.products]
    first = expected.products[0]
    number = page.locator(f'.ls-tile[data-sku="{first.sku}"] .ls-num')
    assert number.inner_text() == f"{first.available:,}"
    assert float(number.evaluate("e => getComputedStyle(e).fontSize")[:-2]) >= 48
    assert shot(page, "board_en.png").stat().st_size > 20_000


def test_an_order_that_sells_out_a_product_shows_without_reloading(console: Console,
                                                                   page: Any) -> None:
    open_board(page, f"{console.base}/?lang=en")
    target = next(row for row in console.board().products  # one it may presell
                  if row.light is Light.PUSH and row.available > 0 and row.presale_allowed)
    tile = f'.ls-tile[data-sku="{target.sku}"]'
    assert page.locator(tile).get_attribute("data-light") == "push"
    with Session(console.engine) as session:
        product = session.get(Product, target.sku)
        assert product is not None

    add_orders(console.engine, sku=target.sku, qty=target.available, at=console.order_time(),
               session_id=console.session_id, warehouse_id=None, unit_price=product.price,
               currency=product.currency)

    page.wait_for_selector(f'{tile}[data-light="presale"]', timeout=10_000)
    assert "NEW" in page.locator(f"{tile} .ls-new").inner_text()
    page.wait_for_selector(f".ls-alerts li:has-text('{target.sku}: PUSH → PRESALE')",
                           timeout=10_000)
    shot(page, "board_en_changed.png")


def test_the_chinese_board_reads_in_chinese(console: Console, page: Any) -> None:
    open_board(page, f"{console.base}/?lang=zh")

    words = " ".join(page.locator(".ls-word").all_inner_texts())
    assert "主推" in words and "换品" in words and "预售" in words
    assert "PUSH" not in words
    shot(page, "board_zh.png")


def test_the_prompter_shows_the_next_actions_alone_on_a_dark_screen(console: Console,
                                                                    page: Any) -> None:
    open_board(page, f"{console.base}/?view=prompter&lang=en", ".ls-prompter")

    lines = page.locator(".ls-p-line").all_inner_texts()
    assert any("SWAP" in line and "➜" in line for line in lines)
    assert any("PRESALE" in line for line in lines)
    assert page.locator(".ls-tile").count() == 0
    assert page.locator('[data-testid="stMetric"]').count() == 0
    size = page.locator(".ls-p-line").first.evaluate("e => getComputedStyle(e).fontSize")
    assert float(size[:-2]) >= 60
    last = page.locator(".ls-p-line").last.bounding_box()
    assert last is not None and last["y"] + last["height"] <= 1400  # every line on screen
    background = page.locator('[data-testid="stApp"]').evaluate(
        "e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    shot(page, "prompter_en.png")
    open_board(page, f"{console.base}/?view=prompter&lang=zh", ".ls-prompter")
    shot(page, "prompter_zh.png")
