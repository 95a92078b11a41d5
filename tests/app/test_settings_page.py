"""The settings page run headless (AppTest): save, read back, refuse, reset."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.common.settings import Settings
from core.common.timeutil import utc_now
from core.store.settings_store import load_settings, save_settings
from tests.app.planstore import app_store, build_plan_store, open_page
from tests.app.shown import shown

PAGE = "views/settings.py"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    with app_store(tmp_path, monkeypatch) as engine:
        yield engine


def field(app: AppTest, name: str) -> Any:
    """The widget of a Settings field (keys are settings.<name>.<version>)."""
    found = [w for kind in ("number_input", "radio", "text_input") for w in app.get(kind)
             if (w.key or "").startswith(f"settings.{name}.")]
    assert len(found) == 1, name
    return found[0]


def save(app: AppTest) -> AppTest:
    app.button[0].click().run()  # the form's submit button comes first
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_every_setting_has_a_labelled_field_with_its_stored_value(store: Engine) -> None:
    save_settings(store, Settings(tier_live_days=21.0, language="en"))
    app = open_page(PAGE, lang="en")

    for item in fields(Settings):
        assert field(app, item.name).label
    assert field(app, "tier_live_days").value == 21.0
    assert field(app, "service_level").value == 95.0  # shown in percent
    assert field(app, "language").value == "en"


def test_a_saved_value_is_kept_in_the_store_and_shown_again(store: Engine) -> None:
    app = open_page(PAGE, lang="en")

    field(app, "tier_live_days").set_value(20.0)
    field(app, "push_margin").set_value(35.0)
    save(app)

    kept = load_settings(store)
    assert (kept.tier_live_days, kept.push_margin) == (20.0, 0.35)
    assert app.success[0].value == "Saved."
    assert field(app, "tier_live_days").value == 20.0


def test_a_daily_tier_above_the_warm_up_tier_is_refused_and_nothing_is_saved(
        store: Engine) -> None:
    app = open_page(PAGE, lang="en")

    field(app, "tier_daily_days").set_value(10.0)  # warm-up is 8
    field(app, "tier_live_days").set_value(30.0)
    save(app)

    assert "tier bounds must rise" in app.error[0].value
    assert load_settings(store) == Settings()


@pytest.mark.parametrize(("name", "value", "message"), [
    ("currency", "US", "3-letter"),
    ("fast_mover_days", 120.0, "fast movers"),
    ("service_level", 100.0, "service_level"),
])
def test_other_bad_values_are_refused_with_what_is_wrong(store: Engine, name: str,
                                                          value: object, message: str) -> None:
    app = open_page(PAGE, lang="en")

    field(app, name).set_value(value)
    save(app)

    assert message in shown(app.error[0].value)
    assert load_settings(store) == Settings()


def test_reset_puts_every_default_back(store: Engine) -> None:
    save_settings(store, Settings(tier_daily_days=6.0, currency="EUR", language="en"))
    app = open_page(PAGE, lang="en")

    app.button(key="settings.reset_confirm").click().run()

    assert load_settings(store) == Settings()
    assert field(app, "currency").value == "USD"


def test_a_saved_tier_reaches_the_planner_at_once(store: Engine) -> None:
    build_plan_store(store, now=utc_now())
    tier = "tier:CASE@US-FBA"  # the planner opens on the first product
    planner = open_page("views/planner.py", lang="en")
    assert "Daily · 4 d" in planner.select_slider(key=tier).options
    app = open_page(PAGE, lang="en")
    field(app, "tier_daily_days").set_value(6.0)
    save(app)

    planner = open_page("views/planner.py", lang="en")

    assert "Daily · 6 d" in planner.select_slider(key=tier).options


def test_presale_limits_and_market_time_zones_are_edited_as_pairs(store: Engine) -> None:
    app = open_page(PAGE, lang="en")
    assert field(app, "market_time_zones").value.startswith("US=America/New_York, GB=")

    field(app, "presale_limit_days").set_value("tiktok=20, amazon=30, temu=15")
    field(app, "market_time_zones").set_value("US=America/Los_Angeles, JP=Asia/Tokyo")
    save(app)

    kept = load_settings(store)
    assert kept.presale_limit("tiktok") == 20 and kept.presale_limit("temu") == 15
    assert str(kept.time_zone("US")) == "America/Los_Angeles"
    assert field(app, "presale_limit_days").value == "tiktok=20, amazon=30, temu=15"


def test_a_time_zone_that_does_not_exist_is_refused(store: Engine) -> None:
    app = open_page(PAGE, lang="en")

    field(app, "market_time_zones").set_value("US=New York")
    save(app)

    assert "not a time zone" in app.error[0].value
    assert load_settings(store) == Settings()
