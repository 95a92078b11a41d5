"""The console's HTML builders (dashboard/render.py), on boards built by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from html import unescape

from core.board.model import Board, BoardRow, Light, SessionStatus
from dashboard import render

AT = datetime(2026, 11, 27, 12, 30, 5, tzinfo=UTC)


def words(html: str) -> str:
    """What a reader sees: the text without tags."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def row(sku: str, light: Light, *, name: str | None = None, available: int = 100,
        swap_to: str | None = None, ships: date | None = None) -> BoardRow:
    return BoardRow(sku=sku, name=name or f"Product {sku}", slot=1, substitute_group="g",
                    light=light, available=available, units_per_min=2.0,
                    remaining_demand=50.0, minutes_to_stockout=available / 2.0,
                    swap_to=swap_to, presale_ship_date=ships,
                    reason=f"{available} left · 2/min",
                    reason_zh=f"剩 {available} 件 · 每分钟 2 件")


def board(*rows: BoardRow, viewers: int | None = 5200, expected: float | None = 4000.0
          ) -> Board:
    return Board(session_id="S1", title="Black Friday lights", market="US", at=AT,
                 status=SessionStatus.LIVE, tier="live", viewers=viewers,
                 expected_viewers=expected, minutes_live=83.0, units_per_min=6.5,
                 units_sold=412, revenue=12345.6, currency="USD", products=tuple(rows))


@dataclass(frozen=True)
class FakeAlert:
    ts: datetime
    kind: str
    sku: str | None
    message: str
    message_zh: str


def test_each_tile_shows_its_light_as_word_icon_and_colour_class() -> None:
    b = board(row("A", Light.PUSH), row("B", Light.SWAP, swap_to="A"),
              row("C", Light.PRESALE, available=0, ships=date(2026, 12, 2)))

    html = render.tiles_html(b, "en", {})

    assert "✅ PUSH" in words(html) and "🔁 SWAP" in words(html)
    assert "⏳ PRESALE" in words(html)
    assert 'class="ls-tile ls-push"' in html and 'class="ls-tile ls-presale"' in html


def test_tiles_keep_the_boards_order_and_number_it() -> None:
    b = board(row("Z", Light.PRESALE, available=0), row("A", Light.PUSH))

    html = render.tiles_html(b, "en", {})

    assert html.index('data-sku="Z"') < html.index('data-sku="A"')
    assert "#1" in html and "#2" in html


def test_a_swap_tile_names_its_target_and_the_targets_stock() -> None:
    b = board(row("LED5", Light.SWAP, swap_to="LED10"),
              row("LED10", Light.PUSH, name="LED Strip 10m", available=1240))

    html = render.tile_html(b, b.products[0], 1, "en")

    assert "swap to LED Strip 10m · 1,240 left" in html


def test_a_catalogue_target_outside_the_lineup_is_named_on_the_tile_and_the_prompter(
) -> None:
    short = replace(row("CHOP", Light.SWAP, name="Vegetable Chopper", swap_to="SCALE"),
                    swap_to_name="Kitchen Scale", swap_to_available=800)
    b = board(short)

    assert "swap to Kitchen Scale · 800 left" in words(render.tile_html(b, short, 1, "en"))
    assert words(render.prompter_line(b, short, "en")) == "Vegetable Chopper ➜ Kitchen Scale"


def test_the_header_says_which_warehouses_the_stream_sells_from() -> None:
    b = replace(board(row("A", Light.PUSH)), pool=("US-3PL", "US-FBT"))

    assert "stock from US-3PL, US-FBT" in words(render.header_html(b, "en", UTC))


def test_a_swap_without_a_target_says_there_is_no_substitute() -> None:
    b = board(row("LED5", Light.SWAP))

    assert "no substitute in stock" in render.tile_html(b, b.products[0], 1, "en")


def test_a_presale_tile_shows_the_ship_date_in_both_languages() -> None:
    b = board(row("TRI", Light.PRESALE, available=0, ships=date(2026, 12, 2)))

    assert "ships Dec 2" in render.tile_html(b, b.products[0], 1, "en")
    assert "12月2日发货" in render.tile_html(b, b.products[0], 1, "zh")


def test_a_product_that_may_not_be_presold_says_stop_pitching_on_tile_and_prompter() -> None:
    b = board(replace(row("CAM", Light.PRESALE, available=0, ships=date(2026, 12, 2)),
                      presale_allowed=False))

    assert "⛔ no presale: stop pitching" in render.tile_html(b, b.products[0], 1, "en")
    shown = words(render.prompter_html(b, "zh", UTC, {}))
    assert "不能预售：停止讲解" in shown and "发货" not in shown


def test_the_chinese_board_uses_chinese_words_and_the_chinese_reason() -> None:
    b = board(row("A", Light.PUSH, available=18))

    html = render.tiles_html(b, "zh", {})

    assert "主推" in html and "剩 18 件" in html
    assert "PUSH" not in html and "18 left" not in html


def test_a_changed_light_gets_a_new_badge_naming_the_old_light() -> None:
    b = board(row("A", Light.SWAP))

    html = render.tiles_html(b, "en", {"A": Light.PUSH})

    assert "ls-changed" in html and "NEW · was PUSH" in html


def test_product_names_from_the_store_are_escaped() -> None:
    b = board(row("A", Light.PUSH, name='Ring <script>alert(1)</script> 18"'))

    html = render.tiles_html(b, "en", {})

    assert "<script>" not in html and "&lt;script&gt;" in html


def test_kpis_use_tiktok_names_and_compare_viewers_with_the_expected() -> None:
    values = {k.label: k for k in render.kpis(board(), "en")}

    assert values["Viewers"].value == "5,200"
    assert values["Viewers"].delta == "+30% vs expected"
    assert values["GMV"].value == "$12,346"
    assert values["Items sold"].value == "412"
    assert values["Items sold / min"].value == "6.5"
    assert values["Time live"].value == "1 h 23 min"
    assert values["Safety stock tier"].value == "Live"


def test_kpis_show_a_dash_when_no_viewer_count_is_known() -> None:
    viewers = render.kpis(board(viewers=None), "en")[0]

    assert (viewers.value, viewers.delta) == ("—", None)


def test_durations_read_as_minutes_hours_or_days() -> None:
    assert render.format_duration(7.4, "en") == "7 min"
    assert render.format_duration(125, "en") == "2 h 05 min"
    assert render.format_duration(60 * 24 * 2 + 180, "zh") == "2 天 3 小时"


def test_money_uses_the_currencys_symbol_or_its_code() -> None:
    assert render.format_money(1234.5, "GBP") == "£1,234"
    assert render.format_money(99, "SGD") == "SGD 99"


def test_the_prompter_keeps_a_line_for_presale_when_many_products_need_a_swap() -> None:
    b = board(*(row(f"S{i}", Light.SWAP) for i in range(4)),
              *(row(f"P{i}", Light.PUSH) for i in range(3)),
              row("T", Light.PRESALE, available=0))

    skus = [r.sku for r in render.prompter_rows(b)]

    assert skus == ["P0", "P1", "S0", "S1", "T"]


def test_the_prompter_lists_the_next_actions_push_then_swap_then_presale() -> None:
    b = board(row("T", Light.PRESALE, name="Tripod", available=0, ships=date(2026, 12, 2)),
              row("L5", Light.SWAP, name="LED Strip 5m", swap_to="L10"),
              row("R", Light.PUSH, name="Ring Light"),
              row("L10", Light.PUSH, name="LED Strip 10m"),
              row("X", Light.PUSH, name="Third push"))

    shown = words(render.prompter_html(b, "en", UTC, {}))

    order = [shown.index(text) for text in
             ("✅ PUSH Ring Light", "✅ PUSH LED Strip 10m",
              "🔁 SWAP LED Strip 5m ➜ LED Strip 10m", "⏳ PRESALE Tripod · ships Dec 2")]
    assert order == sorted(order)
    assert "Third push" not in shown and "1 more on the board" in shown


def test_the_prompter_of_an_empty_lineup_says_so() -> None:
    assert "No products in the lineup" in render.prompter_html(board(), "en", UTC, {})


def test_the_alert_feed_shows_the_newest_first_in_the_chosen_language() -> None:
    alerts = [FakeAlert(AT, "light", "A", "A: push → swap", "A：主推 → 换品"),
              FakeAlert(AT.replace(minute=31), "tier", None, "Tier up", "档位升级")]

    en = render.alerts_html(alerts, "en", UTC)
    zh = render.alerts_html(alerts, "zh", UTC)

    assert en.index("Tier up") < en.index("A: push → swap")
    assert "12:31:05" in en and "📈" in en and "🚦" in en
    assert "A：主推 → 换品" in zh and "A: push" not in zh


def test_the_alert_feed_says_when_there_is_nothing_yet() -> None:
    assert "No alerts yet." in render.alerts_html([], "en", UTC)


def test_the_header_shows_the_status_title_and_update_time() -> None:
    html = render.header_html(replace(board(), status=SessionStatus.WARMUP), "en", UTC,
                              "starts Nov 27 13:00 (in 30 min)")

    assert "WARM-UP" in html and "Black Friday lights" in html
    assert "updated 12:30:05" in html and "starts Nov 27 13:00" in html
