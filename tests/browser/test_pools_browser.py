"""A TikTok stream whose stock sits mostly in Amazon FBA, in a real headless Chromium: the
board offers only what TikTok's own warehouse and the 3PL can ship, and names the swap.

The store is tests/app/poolstore.py's. Screenshot: artifacts/board_fba_not_for_tiktok.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from core.common.timeutil import utc_now
from core.store.db import make_engine
from core.store.schema import create_schema
from tests.app.poolstore import SESSION_ID, build_pool_store
from tests.browser.harness import ROOT, chromium, dashboard_server, missing_browser

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(missing_browser() is not None,
                                 reason=missing_browser() or "")]

ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('pools') / 'board.db'}"
    engine = make_engine(url)
    create_schema(engine)
    build_pool_store(engine, now=utc_now())
    engine.dispose()
    ARTIFACTS.mkdir(exist_ok=True)
    with dashboard_server(url, log=ARTIFACTS / "pools_server.log") as (address, _process):
        yield address


def test_fba_stock_is_not_offered_to_a_tiktok_stream(base: str) -> None:
    page: Any
    with chromium(width=1280, height=800) as page:
        page.goto(f"{base}/?session={SESSION_ID}&lang=en")
        page.wait_for_selector(".ls-tile", timeout=30_000)
        page.wait_for_timeout(1000)

        chop = page.locator('.ls-tile[data-sku="CHOP"]')
        assert chop.get_attribute("data-light") == "swap"
        assert chop.locator(".ls-num").inner_text() == "11"  # FBA's 466 are Amazon's
        assert "swap to Kitchen Scale" in chop.locator(".ls-extra").inner_text()
        assert "stock from US-3PL, US-FBT" in page.locator(".ls-meta").inner_text()
        path = ARTIFACTS / "board_fba_not_for_tiktok.png"
        page.screenshot(path=str(path))
    assert path.stat().st_size > 20_000
