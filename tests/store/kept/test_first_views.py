"""The console server computes its pages' first views as it starts (dashboard/first_views.py,
run by dashboard/console.py's lifespan), into the caches the pages then read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from core.planning import service as planning_service
from core.review import service as review_service
from dashboard import first_views, planning_data, review_data
from tests.store.kept.stores import counting


def forget_first_views() -> None:
    planning_data.forget()
    for cached in (review_data._review, review_data._lights, review_data._alerts):
        cached.clear()


@pytest.fixture(autouse=True)
def empty_caches() -> Iterator[None]:
    # The caches are the process's (no Streamlit runtime here): empty them around each test.
    forget_first_views()
    yield
    forget_first_views()


def test_the_pages_then_read_their_first_views_instead_of_computing_them(
        store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVESTOCK_DB", store.url.render_as_string(hide_password=False))
    computed = counting(monkeypatch,
                        planning=(planning_service, "load_planning_data"),
                        plan=(planning_service, "replenishment_plan"),
                        warehouses=(planning_service, "warehouse_view"),
                        review=(review_service, "review_session"),
                        lights=(review_service, "light_timeline"))

    assert first_views.warm() == ["planning", "review of the last stream"]
    assert computed == ["planning", "plan", "warehouses", "review", "lights"]

    # What the planner, the warehouses and the review call on their first run (no pick).
    planning_data.planning(None)
    planning_data.plan(None)
    planning_data.warehouse_view(None)
    last = review_data.default_session_id()
    assert last is not None
    review_data.review(last)
    review_data.lights(last)
    assert computed == ["planning", "plan", "warehouses", "review", "lights"]


def test_a_missing_store_is_skipped_and_left_missing(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "not-made-yet.db"
    monkeypatch.setenv("LIVESTOCK_DB", f"sqlite:///{missing}")

    assert first_views.warm() == []
    assert not missing.exists()
