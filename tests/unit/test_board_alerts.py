"""What the board records when it changes, decided on plain values (no store)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.board.alerts import alert_view, changes_since
from core.board.model import Board, BoardRow, Light, SessionStatus
from core.board.safety_breaches import SafetyBreach

AT = datetime(2026, 11, 27, 12, 30, tzinfo=UTC)


def a_row(sku: str, light: Light) -> BoardRow:
    return BoardRow(sku=sku, name=sku, slot=1, substitute_group=None, light=light,
                    available=40, units_per_min=2.0, remaining_demand=50.0,
                    minutes_to_stockout=20.0, swap_to=None, presale_ship_date=None,
                    reason="40 left", reason_zh="剩 40 件")


def a_board(*rows: BoardRow, tier: str = "live") -> Board:
    return Board(session_id="S1", title="t", market="US", at=AT, status=SessionStatus.LIVE,
                 tier=tier, viewers=None, expected_viewers=None, minutes_live=30.0,
                 units_per_min=2.0, units_sold=60, revenue=0.0, currency="USD",
                 products=tuple(rows))


def test_a_first_light_is_recorded_without_an_alert_and_a_changed_one_alerts() -> None:
    board = a_board(a_row("A", Light.PUSH), a_row("B", Light.SWAP), a_row("C", Light.PUSH))
    last = {"B": ("push", AT - timedelta(minutes=5)), "C": ("push", AT - timedelta(minutes=5))}

    changes = changes_since(board, last_lights=last, tiers_reached=["live"],
                            safety_flagged=[], breaches=[])

    assert [(c.sku, c.light, c.replaces) for c in changes.lights] == [
        ("A", "push", False), ("B", "swap", False)]
    assert [(a.kind, a.sku, a.old_value, a.new_value) for a in changes.alerts] == [
        ("light", "B", "push", "swap")]


def test_a_light_recorded_at_the_same_moment_is_replaced_not_doubled() -> None:
    board = a_board(a_row("A", Light.PRESALE))

    changes = changes_since(board, last_lights={"A": ("swap", AT)}, tiers_reached=["live"],
                            safety_flagged=[], breaches=[])

    assert [(c.light, c.replaces) for c in changes.lights] == [("presale", True)]


def test_the_tier_alerts_only_when_it_rises_above_any_reached_before() -> None:
    board = a_board(tier="live")

    first = changes_since(board, last_lights={}, tiers_reached=["warmup"], safety_flagged=[],
                          breaches=[])
    again = changes_since(board, last_lights={}, tiers_reached=["warmup", "live"],
                          safety_flagged=[], breaches=[])

    assert [(a.kind, a.old_value, a.new_value) for a in first.alerts] == [
        ("tier", "warmup", "live")]
    assert again.alerts == ()


def test_a_warehouse_below_safety_stock_alerts_once_per_session() -> None:
    breach = SafetyBreach(sku="A", warehouse_id="US-FBA", available=12, safety_stock=30.4)

    new = changes_since(a_board(), last_lights={}, tiers_reached=["live"], safety_flagged=[],
                        breaches=[breach])
    known = changes_since(a_board(), last_lights={}, tiers_reached=["live"],
                          safety_flagged=[("A", "US-FBA")], breaches=[breach])

    assert [(a.kind, a.warehouse_id, a.old_value, a.new_value) for a in new.alerts] == [
        ("safety", "US-FBA", "30", "12")]
    assert known.alerts == ()


def test_a_stored_alert_reads_in_both_languages_and_a_foreign_one_as_written() -> None:
    light = alert_view(ts=AT, kind="light", sku="A", warehouse_id=None, old="push",
                       new="swap", message="stored")
    foreign = alert_view(ts=AT, kind="erp", sku=None, warehouse_id=None, old=None, new=None,
                         message="ERP sync late")

    assert "A" in light.message and light.message != light.message_zh
    assert (foreign.message, foreign.message_zh) == ("ERP sync late", "ERP sync late")


def test_a_swap_target_is_alerted_by_name_when_it_is_new_not_on_every_refresh() -> None:
    swapping = BoardRow(sku="RL-12", name="Ring Light 12in", slot=1, substitute_group="rl",
                        light=Light.SWAP, available=18, units_per_min=3.0,
                        remaining_demand=300.0, minutes_to_stockout=6.0, swap_to="RL-14",
                        presale_ship_date=None, reason="", reason_zh="",
                        swap_to_name="Ring Light 14in")
    board = a_board(swapping)
    was_swap = {"RL-12": ("swap", AT - timedelta(minutes=1))}

    first = changes_since(board, last_lights=was_swap, tiers_reached=["live"],
                          safety_flagged=[], breaches=[])
    again = changes_since(board, last_lights=was_swap, tiers_reached=["live"],
                          safety_flagged=[], breaches=[], last_targets={"RL-12": "RL-14"})
    moved = changes_since(board, last_lights=was_swap, tiers_reached=["live"],
                          safety_flagged=[], breaches=[], last_targets={"RL-12": "RL-18"})

    assert [(a.kind, a.new_value, a.message) for a in first.alerts] == [
        ("swap_to", "RL-14", "Ring Light 12in: swap to Ring Light 14in")]
    assert again.alerts == ()
    assert [(a.old_value, a.new_value) for a in moved.alerts] == [("RL-18", "RL-14")]
    view = alert_view(ts=AT, kind="swap_to", sku="RL-12", warehouse_id=None, old="",
                      new="RL-14", message="", names={"RL-12": "Ring Light 12in",
                                                      "RL-14": "Ring Light 14in"})
    assert view.message_zh == "Ring Light 12in：换成 Ring Light 14in"
