"""The live board page run headless (AppTest) on a real SQLite store in a temp file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.common.settings import Settings
from core.common.timeutil import utc_now
from core.store.models import LineupItem, LiveSession
from core.store.settings_store import save_settings
from tests.app.livestore import PRODUCTS, SESSION_ID, add_orders, build_live_store
from tests.app.planstore import app_store
from tests.app.poolstore import SESSION_ID as POOL_SESSION
from tests.app.poolstore import build_pool_store
from tests.app.shown import shown

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """An empty store in a temp file that the app reads through LIVESTOCK_DB."""
    with app_store(tmp_path, monkeypatch, name="board.db") as engine:
        yield engine


@pytest.fixture
def live_store(store: Engine) -> Engine:
    build_live_store(store, now=utc_now())
    return store


def add_session(engine: Engine, session_id: str, title: str, *, start_hours_ago: float,
                hours: float = 1.0) -> None:
    """Another US session with the same four products."""
    start = utc_now() - timedelta(hours=start_hours_ago)
    with Session(engine) as session:
        session.add(LiveSession(session_id=session_id, title=title, platform="tiktok",
                                market="US", start=start, end=start + timedelta(hours=hours),
                                traffic="organic"))
        session.flush()
        session.add_all(LineupItem(session_id=session_id, sku=sku, slot=slot, price=price)
                        for slot, (sku, (_, _, price, _)) in enumerate(PRODUCTS.items()))
        session.commit()


def open_app(**query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def html(app: AppTest) -> str:
    return "\n".join(element.proto.body for element in app.get("html"))


def words(app: AppTest) -> str:
    """The text a reader sees in the HTML parts: tags and the style sheet removed."""
    visible = re.sub(r"<style>.*?</style>", " ", html(app), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", visible)))


def lights(app: AppTest) -> dict[str, str]:
    """sku -> light, read off the tiles."""
    return dict(re.findall(r'data-sku="([^"]+)" data-light="([a-z]+)"', html(app)))


def infos(app: AppTest) -> str:
    return "\n".join(info.value for info in app.info)


def test_the_board_shows_a_tile_per_product_with_push_swap_and_presale(live_store: Engine
                                                                        ) -> None:
    app = open_app(lang="en")

    assert lights(app) == {"RING": "push", "LED10": "push", "LED5": "swap",
                           "TRIPOD": "presale"}
    page = words(app)
    assert "✅ PUSH" in page and "🔁 SWAP" in page and "⏳ PRESALE" in page
    assert "swap to LED Strip 10m · 1,240 left" in page
    assert "ships Dec" in page or "ships Nov" in page
    assert "🔴 LIVE" in page and "Black Friday lights" in page


def test_the_kpis_show_viewers_pace_gmv_items_sold_tier_and_time_live(live_store: Engine
                                                                      ) -> None:
    app = open_app(lang="en")

    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Viewers"] == "5,500"
    assert metrics["Items sold"] == "40"
    assert metrics["GMV"] == "$960"  # 30 x $19 + 10 x $39
    assert metrics["Items sold / min"] == "3.6"  # 40 units over the 10-minute window
    assert metrics["Safety stock tier"] == "Live"
    assert metrics["Time live"] == "30 min"


def test_orders_that_exhaust_a_product_turn_its_tile_to_presale_flag_it_and_alert(
        live_store: Engine) -> None:
    app = open_app(lang="en")
    assert lights(app)["RING"] == "push"

    add_orders(live_store, sku="RING", qty=990, at=utc_now())
    app.run()

    assert lights(app)["RING"] == "presale"
    page = html(app)
    tile = page[page.index('data-sku="RING"') - 60:page.index('data-sku="RING"') + 600]
    assert "ls-changed" in tile and "NEW · was PUSH" in tile
    assert "RING: PUSH → PRESALE" in words(app)  # the alert feed
    assert "RING at US-3PL: 0 left" in words(app)


def test_the_flag_on_a_changed_tile_goes_after_a_few_refreshes(live_store: Engine) -> None:
    app = open_app(lang="en")
    add_orders(live_store, sku="RING", qty=990, at=utc_now())
    app.run()
    assert "NEW · was PUSH" in words(app)

    for _ in range(5):  # refresh_seconds 2: flagged for ten seconds
        app.run()

    assert "NEW · was PUSH" not in words(app)
    assert lights(app)["RING"] == "presale"


def test_a_viewer_feed_gone_quiet_is_warned_about_above_the_tiles(live_store: Engine) -> None:
    assert not open_app(lang="en").warning  # the last viewer count is 20 s old

    save_settings(live_store, Settings(stale_after_seconds=5))
    st.cache_data.clear()  # as the settings page does after saving
    app = open_app(lang="en")

    assert any(w.value.startswith("No viewer count for ") for w in app.warning)


def test_the_language_switch_changes_the_words_and_lands_in_the_url(live_store: Engine
                                                                    ) -> None:
    app = open_app()
    assert "✅ 主推" in words(app) and "PUSH" not in words(app)  # the default: Chinese
    assert "在线人数" in [m.label for m in app.metric]

    app.sidebar.radio[0].set_value("en").run()

    assert "✅ PUSH" in words(app) and "主推" not in words(app)
    assert "Viewers" in [m.label for m in app.metric]
    assert app.query_params["lang"] == "en"


def test_the_language_setting_picks_the_language_when_the_url_does_not(live_store: Engine
                                                                       ) -> None:
    save_settings(live_store, Settings(language="en"))

    assert "✅ PUSH" in words(open_app())
    assert "✅ 主推" in words(open_app(lang="zh"))


def test_the_prompter_shows_only_the_next_actions_in_huge_type(live_store: Engine) -> None:
    app = open_app(view="prompter", lang="en")

    assert 'class="ls-prompter"' in html(app) and 'class="ls-tiles"' not in html(app)
    assert "🔁 SWAP LED Strip 5m ➜ LED Strip 10m" in words(app)
    assert "⏳ PRESALE Phone Tripod · ships" in words(app)
    assert len(app.metric) == 0


def test_the_prompter_speaks_chinese_too(live_store: Engine) -> None:
    page = words(open_app(view="prompter", lang="zh"))

    assert "🔁 换品 LED Strip 5m" in page and "SWAP" not in page


def test_the_board_links_to_its_prompter_for_the_same_session_and_language(
        live_store: Engine) -> None:
    app = open_app(lang="en")

    link = app.sidebar.get("link_button")[0]
    assert link.proto.url == f"?view=prompter&session={SESSION_ID}&lang=en"


def test_a_session_in_the_url_is_opened_and_an_unknown_one_is_named(live_store: Engine
                                                                    ) -> None:
    app = open_app(session="NOPE", lang="en")

    assert "Session NOPE is not in the store." in [w.value for w in app.sidebar.warning]
    assert app.sidebar.selectbox[0].value == SESSION_ID  # falls back to the live one


def test_picking_another_session_shows_it_and_puts_it_in_the_url(live_store: Engine) -> None:
    add_session(live_store, "OLD-1", "Last week's stream", start_hours_ago=170)
    app = open_app(lang="en")
    assert "Black Friday lights" in words(app)

    app.sidebar.selectbox[0].select("OLD-1").run()

    assert app.query_params["session"] == "OLD-1"
    assert "Last week's stream" in words(app) and "ENDED" in words(app)
    assert "No session is live right now." not in infos(app)  # picked, not the default


def test_a_console_left_on_the_last_stream_opens_the_next_one_once_it_is_live(
        live_store: Engine) -> None:
    with Session(live_store) as session:  # the store's stream ended an hour ago
        stream = session.get(LiveSession, SESSION_ID)
        assert stream is not None
        stream.warmup_start = None
        stream.start, stream.end = utc_now() - timedelta(hours=3), utc_now() - timedelta(hours=1)
        session.add(stream)
        session.commit()
    app = open_app(lang="en")
    assert "None is scheduled; this is the last one." in infos(app)

    add_session(live_store, "LIVE-2", "Cyber Monday", start_hours_ago=0.2, hours=2)
    app.run()

    assert "Cyber Monday" in words(app) and "LIVE" in words(app)
    assert app.sidebar.selectbox[0].value == "LIVE-2"


def test_an_empty_store_says_how_to_load_data(store: Engine) -> None:
    app = open_app(lang="en")

    assert "No sessions in " in shown(infos(app)) and "board.db yet" in shown(infos(app))
    assert "livestock load" in infos(app)


def test_with_no_session_live_the_board_shows_the_next_one_and_when_it_starts(
        store: Engine) -> None:
    build_live_store(store, now=utc_now() + timedelta(hours=3), minutes_live=0)

    app = open_app(lang="en")

    assert "No session is live right now." in infos(app)
    page = words(app)
    assert "SCHEDULED" in page or "WARM-UP" in page
    assert "(in 3 h 00 min)" in page or "(in 2 h 59 min)" in page


def test_a_session_without_a_lineup_says_so(store: Engine) -> None:
    now = utc_now()
    with Session(store) as session:
        session.add(LiveSession(session_id="S0", title="Empty", platform="tiktok",
                                market="US", start=now - timedelta(minutes=5),
                                end=now + timedelta(hours=1), traffic="organic"))
        session.commit()

    app = open_app(lang="en")

    assert "no products in its lineup" in infos(app)


def test_an_unreadable_store_is_an_error_on_the_page(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVESTOCK_DB", f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.db'}")
    st.cache_data.clear()
    st.cache_resource.clear()

    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params["lang"] = "en"
    app.run()

    assert app.error and shown(app.error[0].value).startswith(
        f"The store {tmp_path / 'missing' / 'dir' / 'x.db'} could not be read")


def test_the_sidebar_says_where_the_orders_counts_and_viewers_came_from(live_store: Engine
                                                                         ) -> None:
    add_orders(live_store, sku="RING", qty=1, at=utc_now())  # a source-less line

    app = open_app(lang="en")

    panel = next(e for e in app.sidebar.expander if e.label == "Where the numbers come from")
    text = "\n".join(shown(m.value) for m in panel.markdown)
    assert "order lines, latest" in text
    assert "unknown (written before sources were kept)" in text
    assert "stock count US-3PL:" in text
    assert "viewers (viewers.csv): 7 samples, latest" in text


def test_fba_stock_is_not_offered_to_a_tiktok_stream_and_the_swap_is_named(
        store: Engine) -> None:
    build_pool_store(store, now=utc_now())

    app = open_app(session=POOL_SESSION, lang="en")

    page = words(app)
    chop = re.search(r"Vegetable Chopper (\S+) available", page)
    assert chop is not None and chop.group(1) == "11"  # 21 for TikTok, not FBA's 466 too
    assert "swap to Kitchen Scale (800 left)" in page
    assert "➜ swap to Kitchen Scale · 800 left" in page
    assert "stock from US-3PL, US-FBT" in page
