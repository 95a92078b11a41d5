"""The board as text: the JSON of docs/json.md, or a rich table for a terminal.

Every light shows a colour, a word and a shape (● PUSH, ◆ SWAP, ■ PRESALE), so the table
reads the same without colour or for colour-blind eyes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from rich.table import Table
from rich.text import Text

from core.board.model import Board, Light
from core.common.i18n import t

LIGHT_STYLE = {Light.PUSH: ("●", "bold white on green"),
               Light.SWAP: ("◆", "bold black on yellow"),
               Light.PRESALE: ("■", "bold white on red")}


def board_json_text(board: Board) -> str:
    """Exactly the board JSON (docs/json.md) (session_id, at, tier, viewers, products)."""
    return json.dumps(board.to_json(), ensure_ascii=False, indent=2)


def board_table(board: Board, *, lang: str = "en", gmv: Mapping[str, float] | None = None
                ) -> Table:
    """A rich table of the board, products in pitch order, under a two-line header (`gmv`:
    the revenue per currency, each shown on its own); the reason line carries the swap and
    the presale date."""
    table = Table(title=_title(board, lang, gmv), title_justify="left", expand=False)
    table.add_column("", no_wrap=True)
    table.add_column("SKU", no_wrap=True)
    for header in ("left", "/min", "to sell", "out in"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("why", ratio=1)
    for row in board.products:
        table.add_row(light_label(row.light, lang), row.sku, f"{row.available:,}",
                      f"{row.units_per_min:.1f}", f"{row.remaining_demand:,.0f}",
                      _minutes(row.minutes_to_stockout),
                      row.reason if lang == "en" else row.reason_zh)
    return table


def light_label(light: Light, lang: str) -> Text:
    """The light as shape + word on its colour, e.g. "● PUSH"."""
    shape, style = LIGHT_STYLE[light]
    return Text(f" {shape} {t(f'light.{light.value}', lang)} ", style=style)


def _money(board: Board, gmv: Mapping[str, float] | None) -> str:
    if gmv is None:
        return f"{board.revenue:,.2f} {board.currency}"
    return " + ".join(f"{amount:,.2f} {currency}" for currency, amount in gmv.items()) \
        or f"0.00 {board.currency}"


def _title(board: Board, lang: str, gmv: Mapping[str, float] | None = None) -> str:
    viewers = "—" if board.viewers is None else f"{board.viewers:,}"
    if board.expected_viewers is not None:
        viewers += f" (expected {board.expected_viewers:,.0f})"
    pool = ", ".join(board.pool) or "no warehouse of the market serves it"
    return (f"{board.session_id} · {board.title} · {board.status.value} · "
            f"tier {t(f'tier.{board.tier}', lang)} · at {board.at:%Y-%m-%d %H:%M} UTC\n"
            f"{board.platform} stock from {pool}\n"
            f"viewers {viewers} · {board.minutes_live:.0f} min live, "
            f"{board.minutes_left:.0f} to go · {board.units_sold:,} sold "
            f"({board.units_per_min:.1f}/min) · {_money(board, gmv)}")


def _minutes(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f} min"
