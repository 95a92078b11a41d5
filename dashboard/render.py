"""HTML for the director's console: the tiles, the prompter, the alert feed, the KPIs.

Pure functions from core's value objects to strings; no Streamlit calls, so they are unit
tested without a server. Every text comes from core.common.i18n; every value taken from the store
(product names, alert messages) is HTML-escaped. Each light carries a colour, an icon and a
word, and PRESALE tiles are striped too, so no reader depends on telling colours apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from html import escape
from typing import Protocol

from core.board.model import Board, BoardRow, Light, SessionStatus
from core.common.i18n import t

LIGHT_ICON = {Light.PUSH: "✅", Light.SWAP: "🔁", Light.PRESALE: "⏳"}
STATUS_ICON = {SessionStatus.LIVE: "🔴", SessionStatus.WARMUP: "🟡",
               SessionStatus.SCHEDULED: "🕒", SessionStatus.ENDED: "⏹"}
CURRENCY_SYMBOL = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "CNY": "¥"}
PROMPTER_PER_LIGHT = 2


class AlertLike(Protocol):
    """What the feed needs of core.board.alerts.AlertView."""

    @property
    def ts(self) -> datetime: ...
    @property
    def kind(self) -> str: ...
    @property
    def sku(self) -> str | None: ...
    @property
    def message(self) -> str: ...
    @property
    def message_zh(self) -> str: ...


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    delta: str | None = None


def light_word(light: Light, lang: str) -> str:
    return t(f"light.{light.value}", lang)


def format_count(units: float) -> str:
    """Thousands separated, no decimals: 1240 -> '1,240'."""
    return f"{round(units):,}"


def format_money(amount: float, currency: str) -> str:
    """Whole units with the currency's symbol: (12345.6, 'USD') -> '$12,346'."""
    symbol = CURRENCY_SYMBOL.get(currency.upper(), f"{currency.upper()} ")
    return f"{symbol}{amount:,.0f}"


def format_money_by_currency(amounts: Mapping[str, float], default_currency: str) -> str:
    """Money kept per currency, never summed across them: {'USD': 499.8, 'JPY': 600} ->
    '$500 + ¥600'; nothing at all -> 0 in `default_currency`."""
    shown = [format_money(amount, currency) for currency, amount in amounts.items()]
    return " + ".join(shown) if shown else format_money(0.0, default_currency)


def format_duration(minutes: float, lang: str) -> str:
    """'45 min', '1 h 05 min' or '2 d 3 h' (Chinese: '45分钟', '1小时05分', '2天3小时')."""
    total = max(0, round(minutes))
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return t("ui.duration.days", lang, d=days, h=hours)
    if hours:
        return t("ui.duration.hours", lang, h=hours, m=f"{mins:02d}")
    return t("ui.duration.minutes", lang, m=mins)


def format_day(day: date, lang: str) -> str:
    """'Dec 2' in English, '12月2日' in Chinese."""
    return t("reason.date", lang, mon=day.strftime("%b"), month=day.month, day=day.day)


# plotly (d3) date formats per language: "Nov 26" / "11月26日" on date axes and hovers.
DATE_AXIS_FORMAT = {"en": "%b %-d", "zh": "%-m月%-d日"}


def date_axis_format(lang: str) -> str:
    return DATE_AXIS_FORMAT.get(lang, DATE_AXIS_FORMAT["en"])


def format_clock(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M:%S")


def format_when(moment: datetime, tz: tzinfo, lang: str) -> str:
    """A start time a person reads: 'Dec 2 20:00' (Chinese: '12月2日 20:00')."""
    local = moment.astimezone(tz)
    return f"{format_day(local.date(), lang)} {local:%H:%M}"


def kpis(board: Board, lang: str, gmv: Mapping[str, float] | None = None) -> list[Kpi]:
    """The numbers on top, with TikTok Shop's names where they fit (GMV, items sold); `gmv`
    is the revenue per currency (`core.board.service.session_gmv`), shown per currency."""
    viewers_delta = None
    if board.viewers is not None and board.expected_viewers:
        pct = (board.viewers / board.expected_viewers - 1) * 100
        viewers_delta = t("ui.kpi.vs_expected", lang, pct=f"{pct:+.0f}")
    live_for = (format_duration(board.minutes_live, lang)
                if board.minutes_live > 0 else "—")
    return [
        Kpi(t("ui.kpi.viewers", lang),
            "—" if board.viewers is None else format_count(board.viewers), viewers_delta),
        Kpi(t("ui.kpi.units_per_min", lang), f"{board.units_per_min:.1f}"),
        Kpi(t("ui.kpi.gmv", lang),
            format_money(board.revenue, board.currency) if gmv is None
            else format_money_by_currency(gmv, board.currency)),
        Kpi(t("ui.kpi.items_sold", lang), format_count(board.units_sold)),
        Kpi(t("ui.kpi.tier", lang), t(f"tier.{board.tier}", lang)),
        Kpi(t("ui.kpi.time_live", lang), live_for),
    ]


def header_html(board: Board, lang: str, tz: tzinfo, note: str = "") -> str:
    """Status, title, market and the moment the board is as of (so a frozen screen shows);
    `note` says when a session that is not live starts or ended."""
    status = board.status
    note_html = f'<span class="ls-note">{escape(note)}</span>' if note else ""
    pool = (t("ui.board.pool", lang, warehouses=escape(", ".join(board.pool))) + " · "
            if board.pool else "")
    return (
        f'<div class="ls-head ls-status-{status.value}">'
        f'<span class="ls-status">{STATUS_ICON[status]} {t(f"ui.status.{status.value}", lang)}'
        f'</span><span class="ls-title">{escape(board.title)}</span>{note_html}'
        f'<span class="ls-meta">{escape(board.market)} · {pool}'
        f'{t("ui.board.updated", lang, time=format_clock(board.at, tz))}</span></div>'
    )


def _reason(row: BoardRow, lang: str) -> str:
    return row.reason_zh if lang == "zh" else row.reason


def _target_name(board: Board, row: BoardRow) -> str:
    """The swap target's name (a catalogue product outside the lineup too); its sku when
    the board did not say."""
    if row.swap_to_name is not None:
        return row.swap_to_name
    return next((p.name for p in board.products if p.sku == row.swap_to), row.swap_to or "")


def _swap_target(board: Board, row: BoardRow, lang: str) -> str:
    if row.swap_to is None:
        return t("ui.tile.no_swap", lang)
    text = t("ui.tile.swap_to", lang, name=escape(_target_name(board, row)))
    available = row.swap_to_available
    if available is None:
        available = next((p.available for p in board.products if p.sku == row.swap_to), None)
    if available is not None:
        text += " · " + t("ui.tile.left", lang, count=format_count(available))
    return text


def _presale_action(row: BoardRow, lang: str) -> tuple[str, str] | None:
    """(icon, text) of what to say about a PRESALE product: its ship date, or to stop
    pitching it when it may not be presold; None when neither is known."""
    if not row.presale_allowed:
        return "⛔", t("ui.tile.no_presale", lang)
    if row.presale_ship_date is None:
        return None
    return "🚢", t("ui.tile.ships", lang, date=format_day(row.presale_ship_date, lang))


def tile_html(board: Board, row: BoardRow, rank: int, lang: str,
              changed_from: Light | None = None) -> str:
    """One product's tile: light word and icon, big available count, reason, next step."""
    light = row.light
    badge = ""
    if changed_from is not None:
        badge = (f'<span class="ls-new">{t("ui.tile.new", lang)} · '
                 f'{t("ui.tile.was", lang, light=light_word(changed_from, lang))}</span>')
    extra = ""
    if light is Light.SWAP:
        extra = f'<div class="ls-extra">➜ {_swap_target(board, row, lang)}</div>'
    elif light is Light.PRESALE and (action := _presale_action(row, lang)) is not None:
        extra = f'<div class="ls-extra">{action[0]} {action[1]}</div>'
    changed = " ls-changed" if changed_from is not None else ""
    return (
        f'<div class="ls-tile ls-{light.value}{changed}" data-sku="{escape(row.sku)}" '
        f'data-light="{light.value}">'
        f'<div class="ls-band"><span class="ls-word"><span class="ls-icon">{LIGHT_ICON[light]}'
        f'</span> {light_word(light, lang)}</span>{badge}<span class="ls-rank">#{rank}</span></div>'
        f'<div class="ls-name">{escape(row.name)}</div>'
        f'<div class="ls-avail"><span class="ls-num">{format_count(row.available)}</span> '
        f'<span class="ls-unit">{t("ui.tile.available", lang)}</span>'
        f'<span class="ls-sku">{escape(row.sku)}</span></div>'
        f'<div class="ls-reason">{escape(_reason(row, lang))}</div>{extra}</div>'
    )


def tiles_html(board: Board, lang: str, changed: Mapping[str, Light]) -> str:
    """Every product's tile in the board's order; `changed` maps sku -> its previous light."""
    tiles = "".join(tile_html(board, row, rank, lang, changed.get(row.sku))
                    for rank, row in enumerate(board.products, start=1))
    return f'<div class="ls-tiles">{tiles}</div>'


def board_html(tiles: str, feed: str) -> str:
    """The tiles and the alert feed in one grid: the feed beside the tiles on a wide
    screen, below them on a console narrower than 1500 px, so the tiles get the width."""
    return (f'<div class="ls-board"><div class="ls-board-tiles">{tiles}</div>'
            f'<div class="ls-board-feed">{feed}</div></div>')


def _alert_icon(kind: str) -> str:
    for word, icon in (("light", "🚦"), ("swap", "🔁"), ("tier", "📈"), ("safety", "📦"),
                       ("stock", "📦")):
        if word in kind:
            return icon
    return "🔔"


def alerts_html(alerts: Sequence[AlertLike], lang: str, tz: tzinfo) -> str:
    """The feed, newest first, in the chosen language."""
    if not alerts:
        items = f'<li class="ls-alert-none">{t("ui.alerts.none", lang)}</li>'
    else:
        items = "".join(
            f'<li><span class="ls-alert-at">{format_clock(a.ts, tz)}</span> '
            f'{_alert_icon(a.kind)} {escape(a.message_zh if lang == "zh" else a.message)}</li>'
            for a in sorted(alerts, key=lambda a: a.ts, reverse=True)
        )
    return (f'<div class="ls-alerts"><div class="ls-alerts-title">🔔 '
            f'{t("ui.alerts.title", lang)}</div><ul>{items}</ul></div>')


def prompter_rows(board: Board) -> list[BoardRow]:
    """The next actions only: the first PROMPTER_PER_LIGHT products of each light in the
    board's order, PUSH then SWAP then PRESALE, so a sold-out product always has a line."""
    return [row for light in (Light.PUSH, Light.SWAP, Light.PRESALE)
            for row in [r for r in board.products if r.light is light][:PROMPTER_PER_LIGHT]]


def prompter_line(board: Board, row: BoardRow, lang: str) -> str:
    """'PUSH Ring Light', 'SWAP LED Strip 5m ➜ LED Strip 10m', 'PRESALE Tripod · ships Dec 2'."""
    text = escape(row.name)
    if row.light is Light.SWAP and row.swap_to is not None:
        target = _target_name(board, row)
        text += f' <span class="ls-p-arrow">➜</span> {escape(target)}'
    elif row.light is Light.PRESALE and (action := _presale_action(row, lang)) is not None:
        text += f' · <span class="ls-p-keep">{action[1]}</span>'  # never "ships Dec / 2"
    return text


def prompter_html(board: Board, lang: str, tz: tzinfo, changed: Mapping[str, Light],
                  note: str = "") -> str:
    """Huge type for the host's screen: one line per next action; a dim footer says which
    session, how fresh, and `note` (when a session that is not live starts or ended)."""
    rows = prompter_rows(board)
    if not rows:
        lines = f'<div class="ls-p-line">{t("ui.prompter.nothing", lang)}</div>'
    else:
        lines = "".join(
            f'<div class="ls-p-line{" ls-changed" if r.sku in changed else ""}" '
            f'data-light="{r.light.value}"><span class="ls-p-word ls-{r.light.value}">'
            f'<span class="ls-icon">{LIGHT_ICON[r.light]}</span> {light_word(r.light, lang)}'
            f'</span> '
            f'{prompter_line(board, r, lang)}</div>'
            for r in rows
        )
    more = len(board.products) - len(rows)
    footer = t("ui.board.updated", lang, time=format_clock(board.at, tz))
    if more > 0:
        footer = t("ui.prompter.more", lang, count=more) + " · " + footer
    if note:
        footer = f"{note} · {footer}"
    return (f'<div class="ls-prompter">{lines}'
            f'<div class="ls-p-foot">{escape(board.title)} · {footer}</div></div>')


CSS = """
<style>
.ls-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:.3rem 1.2rem;margin:0 0 .4rem}
.ls-status{font-size:1.6rem;font-weight:800;padding:.1rem .7rem;border-radius:.4rem;
  background:#333;color:#fff;white-space:nowrap}
.ls-status-live .ls-status{background:#d0021b}
.ls-status-warmup .ls-status{background:#f2a900;color:#111}
.ls-title{font-size:2rem;font-weight:800}
.ls-meta{font-size:1.2rem;opacity:.85;white-space:nowrap}
.ls-note{font-size:1.3rem;font-weight:700;color:#f2a900}
.ls-board{display:grid;grid-template-columns:minmax(0,1fr) minmax(220px,20%);gap:12px;
  align-items:start}
.ls-tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}
.ls-tile{position:relative;border-radius:12px;padding:8px 14px 12px;min-width:0;
  border:4px solid transparent;color:#fff;line-height:1.2;overflow:hidden}
.ls-push{background:#00734a}
.ls-swap{background:#f2a900;color:#111}
.ls-presale{background:repeating-linear-gradient(135deg,#c4291c 0 22px,#a51f14 22px 44px)}
.ls-band{display:flex;align-items:center;gap:.6rem;min-width:0}
.ls-word{font-size:2rem;font-weight:900;letter-spacing:.02em;white-space:nowrap}
.ls-icon{display:inline-block;background:#fff;border-radius:.3em;padding:0 .1em;
  line-height:1.15}
.ls-rank{margin-left:auto;font-size:1.2rem;font-weight:700;opacity:.85}
.ls-name{font-size:1.3rem;font-weight:700;margin-top:.2rem;display:-webkit-box;
  -webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.ls-avail{margin-top:.2rem;display:flex;flex-wrap:wrap;align-items:baseline;
  gap:0 .5rem;min-width:0}
.ls-num{font-size:3.4rem;font-weight:900;line-height:1}
.ls-unit{font-size:1.15rem;font-weight:600;white-space:nowrap}
.ls-sku{margin-left:auto;font-size:.9rem;opacity:.85;max-width:100%;overflow:hidden;
  text-overflow:ellipsis;white-space:nowrap}
.ls-reason{font-size:1.05rem;margin-top:.3rem;font-weight:600;display:-webkit-box;
  -webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.ls-extra{font-size:1.15rem;font-weight:800;margin-top:.3rem;padding:.15rem .45rem;
  border-radius:.4rem;background:rgba(0,0,0,.25);display:-webkit-box;-webkit-line-clamp:2;
  -webkit-box-orient:vertical;overflow:hidden}
.ls-swap .ls-extra{background:rgba(255,255,255,.45)}
.ls-new{position:absolute;top:2px;right:12px;white-space:nowrap;font-size:1rem;
  font-weight:900;background:#fff;color:#111;padding:.1rem .5rem;border-radius:.3rem;
  box-shadow:0 2px 6px rgba(0,0,0,.5)}
.ls-changed{border-color:#fff;animation:ls-pulse 1s ease-in-out infinite alternate}
@keyframes ls-pulse{from{box-shadow:0 0 0 0 rgba(255,255,255,.9)}
  to{box-shadow:0 0 0 10px rgba(255,255,255,0)}}
.ls-alerts{background:#1b1f2a;border-radius:12px;padding:10px 14px}
.ls-alerts-title{font-size:1.3rem;font-weight:800;margin-bottom:.3rem}
.ls-alerts ul{list-style:none;margin:0;padding:0}
.ls-alerts li{font-size:1.05rem;padding:.3rem 0;border-bottom:1px solid #2c3240}
.ls-alert-at{opacity:.7;font-variant-numeric:tabular-nums}
[data-testid="stMainBlockContainer"]{padding-top:2.5rem}
[data-testid="stMetricValue"]{font-size:clamp(1.5rem,2.3vw,2.4rem);font-weight:800}
[data-testid="stMetricLabel"] p{font-size:1.1rem}
/* The console that is not a wall screen (a 1280x800 laptop): compact tiles, the feed
   below them, so a lineup of 12 fits above the fold with its PRESALE tiles. */
@media (max-width:1500px),(max-height:900px){
  [data-testid="stMainBlockContainer"]{padding:1.6rem 1.2rem 1rem}
  .ls-head{margin:0}
  .ls-status{font-size:1.25rem}
  .ls-title{font-size:1.45rem}
  .ls-meta,.ls-note{font-size:1.05rem}
  [data-testid="stMetricLabel"] p{font-size:.95rem}
  [data-testid="stMetric"]{padding:0}
  .ls-board{grid-template-columns:minmax(0,1fr)}
  .ls-tiles{grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px}
  .ls-tile{padding:4px 9px 7px;border-width:3px;border-radius:9px}
  .ls-word{font-size:1.3rem}
  .ls-rank{font-size:.95rem}
  .ls-name{font-size:.98rem;margin-top:.1rem;line-height:1.15}
  .ls-num{font-size:2.1rem}
  .ls-unit{font-size:.9rem}
  .ls-sku{font-size:.75rem}
  .ls-reason{font-size:.85rem;margin-top:.15rem;line-height:1.15}
  .ls-extra{font-size:.9rem;margin-top:.2rem;padding:.05rem .35rem;display:block;
    white-space:nowrap;text-overflow:ellipsis}
  .ls-new{font-size:.8rem}
  .ls-alerts li{font-size:.95rem}
}
.ls-prompter{padding:1vh 1vw;word-break:normal;overflow-wrap:normal;hyphens:manual}
.ls-p-line{font-size:clamp(1.8rem,min(4.4vw,5.2vh),6.5rem);font-weight:900;line-height:1.15;
  margin:0 0 .3em;color:#fff;border-radius:.2em;padding:.05em .15em;word-break:normal;
  overflow-wrap:normal}
.ls-p-word{padding:0 .25em;border-radius:.15em;white-space:nowrap}
.ls-p-arrow{opacity:.8}
.ls-p-keep{white-space:nowrap}
.ls-p-foot{font-size:clamp(1.3rem,min(2.4vw,3.2vh),2.4rem);opacity:.85;margin-top:1rem;
  color:#fff}
/* A phone held by the host: bigger words, still whole ones. */
@media (max-width:600px){.ls-p-line{font-size:2rem;line-height:1.08;margin-bottom:.2em}}
</style>
"""

# Every page: a KPI wraps rather than cut its number or label ("$30,…", "2 h 4…").
WHOLE_METRICS_CSS = """
<style>
[data-testid="stMetricValue"],[data-testid="stMetricValue"] *,
[data-testid="stMetricDelta"],[data-testid="stMetricDelta"] *,
[data-testid="stMetricLabel"],[data-testid="stMetricLabel"] *{white-space:normal!important;
  overflow:visible!important;text-overflow:clip!important}
</style>
"""

# The host's screen: black, no Streamlit chrome in sight, the page's top padding gone.
PROMPTER_CSS = """
<style>
[data-testid="stApp"],[data-testid="stHeader"]{background:#000}
[data-testid="stToolbar"],[data-testid="stDecoration"]{display:none}
[data-testid="stMainBlockContainer"]{padding-top:3.5rem;max-width:100%}
</style>
"""
