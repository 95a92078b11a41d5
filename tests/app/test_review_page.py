"""The review page run headless (AppTest) on the constructed stream of tests/review_store.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.store.models import LiveSession
from tests.app.planstore import app_store
from tests.app.shown import shown
from tests.review_store import SESSION_ID, START, build_review_store

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The constructed stream in a temp file that the app reads through LIVESTOCK_DB."""
    with app_store(tmp_path, monkeypatch, name="review.db") as engine:
        build_review_store(engine)
        yield engine


def open_review(**query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page("views/review.py")
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def charts(app: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def test_the_page_opens_on_the_last_ended_stream_with_its_kpis(store: Engine) -> None:
    app = open_review(lang="en")

    assert app.title[0].value == "Review · Review test stream"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["GMV"] == "$3,340"  # 30 x 15 + 10 x 39 + 40 x 19 + 60 x 29
    assert metrics["Items sold"] == "140"
    assert metrics["Peak viewers"] == "1,000"
    assert metrics["Lost to stock-outs"] == "$840"  # 30 x $15 + 10 x $39
    assert metrics["Products that ran out"] == "2 / 4"


def test_the_timeline_draws_light_bands_and_marks_where_products_ran_out(store: Engine
                                                                          ) -> None:
    app = open_review(lang="en")

    timeline = charts(app)[0]
    names = [trace.get("name") for trace in timeline["data"]]
    assert "Viewers" in names and "Items sold / min" in names
    assert "✅ PUSH" in names and "⏳ PRESALE" in names
    ran_out = next(trace for trace in timeline["data"] if trace.get("name") == "Ran out")
    assert len(ran_out["x"]) == 2  # TRIPOD and RING
    assert timeline["layout"]["xaxis2"]["type"] == "date"
    # A light held over several 5-minute steps is one bar: no two bars of one light and
    # product touch (the next starts after the last ends, another light between).
    for trace in (t for t in timeline["data"] if t.get("orientation") == "h"):
        spans: dict[str, list[tuple[pd.Timestamp, pd.Timestamp]]] = {}
        for label, base, millis in zip(trace["y"], trace["base"], trace["x"], strict=True):
            begin = pd.Timestamp(base)
            spans.setdefault(label, []).append((begin, begin + pd.Timedelta(millis, "ms")))
        for label, bars in spans.items():
            bars.sort()
            assert all(end < after for (_, end), (after, _) in pairwise(bars)), label


def test_the_product_table_says_when_each_product_ran_out_and_what_it_lost(store: Engine
                                                                            ) -> None:
    app = open_review(lang="en")

    table = app.dataframe[0].value.set_index("SKU")
    assert table.at["TRIPOD", "Minutes out"] == 30
    assert table.at["TRIPOD", "Lost units"] == "30"
    assert table.at["RING", "Lost units"] == "10"
    assert table.at["TRIPOD", "Lost sales from"] == "from clicks while out"
    assert table.at["LED10", "Ran out at"] == "never"
    assert table.at["LED10", "Conversion"] == "15.0%"


def test_the_ab_result_is_a_plain_sentence_with_its_p_value(store: Engine) -> None:
    app = open_review(lang="en")

    verdict = shown(app.success[0].value)
    assert verdict.startswith("LED10 wins: 15.0% of clicks ordered against 10.0%")
    assert "(p = 0.033, two-proportion z-test)" in verdict


def test_the_page_speaks_chinese(store: Engine) -> None:
    app = open_review(lang="zh")

    assert "成交额 GMV" in [m.label for m in app.metric]
    assert app.success[0].value.startswith("LED10 胜出")
    assert app.title[0].value.startswith("复盘")


def test_a_session_in_the_url_is_opened(store: Engine) -> None:
    with Session(store) as session:
        session.add(LiveSession(session_id="REV-0", title="An earlier stream",
                                platform="TikTok Shop", market="US",
                                start=START - timedelta(days=3),
                                end=START - timedelta(days=3, hours=-1), traffic="organic"))
        session.commit()

    app = open_review(lang="en", session="REV-0")

    assert app.title[0].value == "Review · An earlier stream"
    assert {m.label: m.value for m in app.metric}["Items sold"] == "0"


def test_an_unknown_session_in_the_url_is_named_and_the_last_stream_shown(store: Engine
                                                                           ) -> None:
    app = open_review(lang="en", session="NOPE")

    assert "NOPE" in app.sidebar.warning[0].value
    assert SESSION_ID in shown(app.caption[0].value)


def test_the_report_can_be_downloaded_from_the_sidebar(store: Engine) -> None:
    app = open_review(lang="en")

    buttons = app.sidebar.get("download_button")
    assert len(buttons) == 1
    assert buttons[0].proto.label == "Download the report (HTML)"
