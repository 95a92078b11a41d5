"""The console server computes its pages' first views as it starts (dashboard/first_views.py,
run by dashboard/console.py's lifespan), into the caches the pages then read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from core.planning import service as planning_service
from core.planning.replenish import PlanLine
from core.review import service as review_service
from core.store.models import LineupItem, table_of
from dashboard import first_views, planning_data, review_data
from tests.store.kept.stores import counting


def forget_first_views() -> None:
    planning_data.forget()
    for cached in (review_data._review, review_data._lights, review_data._alerts,
                   review_data._plan):
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
    # The review's plan section is the planner's plan, not a second one.
    review_data.plan(last)
    assert computed == ["planning", "plan", "warehouses", "review", "lights"]


def test_a_missing_store_is_skipped_and_left_missing(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "not-made-yet.db"
    monkeypatch.setenv("LIVESTOCK_DB", f"sqlite:///{missing}")

    assert first_views.warm() == []
    assert not missing.exists()


def test_the_reviews_plan_section_takes_the_lineups_ordering_lines_of_a_given_plan(
        store: Engine) -> None:
    session_id = review_service.ended_sessions(store)[0]
    lineup = table_of(LineupItem)
    with store.connect() as conn:
        skus = [str(sku) for sku in conn.execute(
            select(lineup.c.sku).where(lineup.c.session_id == session_id)
            .order_by(lineup.c.slot)).scalars()]
    first, second = skus[0], skus[1]

    def line(sku: str, warehouse: str, mode: str, qty: int) -> PlanLine:
        return PlanLine(sku=sku, warehouse_id=warehouse, tier="A", safety_stock=1.0,
                        reorder_point=2.0, stock_position=0.0, order_qty=qty, mode=mode,
                        arrive_by=None, cost=qty * 3.0)

    plan = [line(second, "WH-A", "sea", 5), line("NOT-PITCHED", "WH-A", "sea", 9),
            line(first, "WH-B", "air", 2), line(first, "WH-B", "sea", 4),
            line(first, "WH-A", "sea", 0), line(first, "WH-A", "air", 1)]

    lines = review_service.replenishment_now(store, session_id=session_id, plan=plan)

    # The lineup's products only, those ordering something, by slot, warehouse, sea first.
    assert [(x.sku, x.warehouse_id, x.mode) for x in lines] == [
        (first, "WH-A", "air"), (first, "WH-B", "sea"), (first, "WH-B", "air"),
        (second, "WH-A", "sea")]
