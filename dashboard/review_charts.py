"""The review's figures and display tables: `SessionReview` -> plotly Figure / DataFrame.

No st.* calls: the review page and the HTML report (dashboard/report.py) both build from
here, so the page and the mailed report show the same charts. Times are shown in the
reader's time zone `tz` (plotly has no time zones: local wall-clock times are plotted and
the axis says which zone). Each light keeps the board's colour, icon and word, and the
bands carry a pattern too, so no reader depends on telling colours apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any
from unicodedata import east_asian_width

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.board.alerts import AlertView
from core.board.model import Light
from core.common.i18n import t
from core.planning.replenish import PlanLine
from core.review.abtest import ABKind, ABTest, elasticity_line, verdict_line
from core.review.model import SessionReview
from dashboard.render import LIGHT_ICON, format_count, format_money, format_when

LIGHT_COLOUR = {Light.PUSH: "#00734a", Light.SWAP: "#f2a900", Light.PRESALE: "#c4291c"}
LIGHT_PATTERN = {Light.PUSH: "", Light.SWAP: "/", Light.PRESALE: "x"}
VIEWERS_COLOUR = "#3461c1"
SALES_COLOUR = "#8a8f98"
FONT = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, Helvetica, Arial, sans-serif"


def tz_name(tz: tzinfo) -> str:
    return str(getattr(tz, "key", None) or tz)


def _local(moments: Sequence[datetime] | pd.Series, tz: tzinfo) -> list[datetime]:
    """Wall-clock times in `tz`, without the zone (what plotly draws)."""
    return [pd.Timestamp(m).tz_convert(tz).tz_localize(None).to_pydatetime() for m in moments]


# (background, text, grid, marks drawn in "ink"): the report is light, the console dark.
LIGHT_THEME = ("#ffffff", "#14171f", "#eceff3", "#111111")
DARK_THEME = ("#1b1f2a", "#f5f5f5", "#2c3240", "#f5f5f5")


def _ink(dark: bool) -> str:
    return (DARK_THEME if dark else LIGHT_THEME)[3]


def _text_px(labels: Sequence[str], font_px: float = 7.5) -> int:
    """About how wide the longest label is drawn (CJK characters count double): explicit
    margins, since Streamlit's plotly does not grow margins to fit tick labels."""
    widest = max((sum(2 if east_asian_width(c) in "WF" else 1 for c in label)
                  for label in labels), default=0)
    return int(widest * font_px)


def _layout(fig: go.Figure, *, height: int, dark: bool, left: int = 70,
            bottom: int = 50, right: int = 20) -> go.Figure:
    background, text, grid, _ = DARK_THEME if dark else LIGHT_THEME
    fig.update_layout(height=height, margin={"l": left, "r": right, "t": 30, "b": bottom},
                      font={"family": FONT, "size": 13, "color": text},
                      plot_bgcolor=background, paper_bgcolor=background, hovermode="closest",
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0})
    fig.update_xaxes(showgrid=True, gridcolor=grid, zerolinecolor=grid)
    fig.update_yaxes(showgrid=True, gridcolor=grid, zerolinecolor=grid)
    return fig


def product_label(sku: str, names: dict[str, str]) -> str:
    name = names.get(sku, "")
    short = name if len(name) <= 22 else name[:21] + "…"
    return f"{sku} · {short}" if short else sku


def merged_bands(bands: pd.DataFrame) -> pd.DataFrame:
    """`bands` (`core.review.service.light_timeline`'s rows of one light) with each
    product's back-to-back rows of the same source drawn as one: a light held for an hour
    is one bar, not twelve 5-minute ones (hundreds of patterned bars made the review's
    timeline the slowest thing on its page to draw). A merged band keeps its first row's
    begin, available, reason and source, its last row's end, and that row's available as
    available_end."""
    rows: list[dict[str, Any]] = []
    for record in bands.sort_values(["sku", "begin"]).to_dict("records"):
        row = {str(key): value for key, value in record.items()}
        last = rows[-1] if rows else None
        if (last is not None and last["sku"] == row["sku"] and last["end"] == row["begin"]
                and last["source"] == row["source"]):
            last["end"], last["available_end"] = row["end"], row["available"]
        else:
            rows.append({**row, "available_end": row["available"]})
    return pd.DataFrame(rows, columns=[*bands.columns, "available_end"])


def timeline_figure(review: SessionReview, lights: pd.DataFrame, alerts: Sequence[AlertView],
                    lang: str, tz: tzinfo, *, dark: bool = False) -> go.Figure:
    """Viewers and items sold per minute on top; below, one row per product with its light
    over time (bands), the moment it ran out (✕) and, on top, the board's alerts (▼)."""
    names = {p.sku: p.name for p in review.products}
    labels = {p.sku: product_label(p.sku, names) for p in review.products}
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.04,
                        row_heights=[0.32, 0.68], specs=[[{"secondary_y": True}], [{}]])
    viewers = review.viewers
    fig.add_trace(go.Scatter(
        x=_local(viewers["ts"], tz), y=viewers["viewers"], mode="lines",
        name=t("review.chart.viewers", lang), line={"color": VIEWERS_COLOUR, "width": 2},
        hovertemplate="%{x|%H:%M} · %{y:,} " + t("review.chart.viewers", lang)
                      + "<extra></extra>"), row=1, col=1, secondary_y=False)
    per_minute = review.sales.groupby("ts", as_index=False)["units"].sum()
    fig.add_trace(go.Bar(
        x=_local(per_minute["ts"], tz), y=per_minute["units"],
        name=t("review.chart.units_per_min", lang), marker={"color": SALES_COLOUR},
        opacity=0.6, hovertemplate="%{x|%H:%M} · %{y} " + t("review.chart.units", lang)
                                   + "<extra></extra>"), row=1, col=1, secondary_y=True)
    if alerts:
        top = float(viewers["viewers"].max()) * 1.08 if len(viewers) else 1.0
        message = [a.message_zh if lang == "zh" else a.message for a in alerts]
        fig.add_trace(go.Scatter(
            x=_local([a.ts for a in alerts], tz), y=[top] * len(alerts), mode="markers",
            name=t("review.chart.alert", lang), text=message,
            marker={"symbol": "triangle-down", "size": 11, "color": "#5b2a86"},
            hovertemplate="%{x|%H:%M:%S} · %{text}<extra></extra>"),
            row=1, col=1, secondary_y=False)

    for light in Light:
        band = merged_bands(lights[lights["light"] == light.value])
        if band.empty:
            continue
        begin, until = _local(band["begin"], tz), _local(band["end"], tz)
        millis = [(e - b).total_seconds() * 1000 for b, e in zip(band["begin"], band["end"],
                                                                   strict=True)]
        source = [t(f"review.chart.source.{s}", lang) for s in band["source"]]
        available = [f"{first:,}" if first == last else f"{first:,} → {last:,}"
                     for first, last in zip(band["available"], band["available_end"],
                                            strict=True)]
        fig.add_trace(go.Bar(
            orientation="h", base=begin, x=millis, y=[labels.get(s, s) for s in band["sku"]],
            name=f"{LIGHT_ICON[light]} {t(f'light.{light.value}', lang)}",
            marker={"color": LIGHT_COLOUR[light], "line": {"width": 0},
                    "pattern": {"shape": LIGHT_PATTERN[light], "fillmode": "overlay",
                                "bgcolor": LIGHT_COLOUR[light], "fgcolor": "#ffffff",
                                "fgopacity": 0.55, "size": 7}},
            customdata=list(zip([f"{b:%H:%M}–{e:%H:%M}" for b, e in zip(begin, until,
                                                                          strict=True)],
                                available, band["reason"], source, strict=True)),
            hovertemplate=("<b>%{y}</b><br>%{customdata[0]} · "
                           + t(f"light.{light.value}", lang)
                           + " · %{customdata[1]} " + t("ui.tile.available", lang)
                           + "<br>%{customdata[2]}<br><i>%{customdata[3]}</i><extra></extra>")),
            row=2, col=1)
    out = [p for p in review.products if p.ran_out_at is not None]
    if out:
        fig.add_trace(go.Scatter(
            x=_local([p.ran_out_at for p in out if p.ran_out_at is not None], tz),
            y=[labels[p.sku] for p in out], mode="markers",
            name=t("review.chart.ran_out", lang),
            marker={"symbol": "x-thin", "size": 16, "line": {"width": 3, "color": _ink(dark)}},
            hovertemplate="%{y}<br>" + t("review.chart.ran_out", lang)
                          + " %{x|%H:%M:%S}<extra></extra>"), row=2, col=1)
    order = [labels[p.sku] for p in sorted(review.products, key=lambda p: -p.slot)]
    fig.update_yaxes(categoryorder="array", categoryarray=order, row=2, col=1,
                     showgrid=False)
    fig.update_yaxes(title_text=t("review.chart.viewers", lang), row=1, col=1,
                     secondary_y=False, rangemode="tozero")
    # Its own round ticks (plotly syncs an overlaying axis to the other's grid: 15.1, 30.1).
    fig.update_yaxes(title_text=t("review.chart.units_per_min", lang), row=1, col=1,
                     secondary_y=True, showgrid=False, rangemode="tozero", tickmode="auto",
                     nticks=5)
    start, end = _local([review.start, review.horizon], tz)
    # Bands are bars with a datetime base and a length in ms: say the axis is a date axis.
    # Clock times only (a stream lasts hours): plotly's own day labels would be English.
    fig.update_xaxes(type="date", range=[start, end], row=2, col=1, tickformat="%H:%M",
                     title_text=t("review.chart.time", lang, tz=tz_name(tz)))
    fig.update_xaxes(type="date", row=1, col=1, tickformat="%H:%M")
    fig.update_layout(barmode="overlay", bargap=0.25)
    return _layout(fig, height=max(460, 200 + 34 * len(review.products)), dark=dark,
                   left=max(80, _text_px(list(labels.values())) + 20), bottom=60, right=70)


def retention_figure(review: SessionReview, lang: str, *, dark: bool = False) -> go.Figure:
    """Viewers over the stream as a share of the peak, by minutes since the start."""
    frame = review.viewers
    fig = go.Figure(go.Scatter(
        x=frame["minute"], y=frame["retention"] * 100, mode="lines", fill="tozeroy",
        line={"color": VIEWERS_COLOUR, "width": 2}, customdata=frame["viewers"],
        hovertemplate=("%{x:.0f} min · %{y:.0f}% · %{customdata:,} "
                       + t("review.chart.viewers", lang) + "<extra></extra>")))
    fig.update_xaxes(title_text=t("review.chart.minutes", lang))
    fig.update_yaxes(title_text=t("review.chart.retention", lang), range=[0, 105])
    return _layout(fig, height=320, dark=dark)


def forecast_figure(review: SessionReview, lang: str, *, dark: bool = False) -> go.Figure:
    """Units sold per product against the forecast's range (bar: sold; line: low to high;
    dot: expected). The axis names the SKU (it fits half a page); hovering adds the name."""
    products = list(review.products)
    skus = [p.sku for p in products]
    fig = go.Figure(go.Bar(
        x=skus, y=[p.units for p in products], name=t("review.chart.actual", lang),
        marker={"color": "#3461c1"}, customdata=[p.name for p in products],
        hovertemplate="%{x} · %{customdata}<br>" + t("review.chart.actual", lang)
                      + " %{y}<extra></extra>"))
    known = [p for p in products if p.forecast is not None]
    ranges = [p.forecast for p in known if p.forecast is not None]
    if known:
        fig.add_trace(go.Scatter(
            x=[p.sku for p in known], y=[f.expected for f in ranges],
            mode="markers", name=t("review.chart.forecast", lang),
            marker={"color": _ink(dark), "size": 9},
            error_y={"type": "data", "symmetric": False, "color": _ink(dark), "thickness": 2,
                     "width": 8, "array": [f.high - f.expected for f in ranges],
                     "arrayminus": [f.expected - f.low for f in ranges]},
            customdata=[(p.name, round(f.low), round(f.high))
                        for p, f in zip(known, ranges, strict=True)],
            hovertemplate=("%{x} · %{customdata[0]}<br>%{customdata[1]} – %{customdata[2]} "
                           "(%{y:.0f})<extra></extra>")))
    fig.update_yaxes(title_text=t("review.chart.units", lang), rangemode="tozero")
    fig.update_xaxes(tickangle=-45)
    return _layout(fig, height=440, dark=dark, bottom=max(60, int(_text_px(skus) * 0.75)))


def ab_figure(test: ABTest, lang: str, *, dark: bool = False) -> go.Figure:
    """Conversion per variant with its 95% interval (Wilson), so overlap shows at a glance."""
    labels = [f"{arm.sku} @ {arm.price:g}" + (f" ({arm.label})" if arm.label else "")
              for arm in test.arms]
    rates, lows, highs = [], [], []
    for arm in test.arms:
        rate, low, high = _wilson(arm.orders, arm.clicks)
        rates.append(rate * 100)
        lows.append((rate - low) * 100)
        highs.append((high - rate) * 100)
    fig = go.Figure(go.Bar(
        x=rates, y=labels, orientation="h", marker={"color": "#3461c1"},
        error_x={"type": "data", "symmetric": False, "array": highs, "arrayminus": lows,
                 "color": _ink(dark)},
        hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    fig.update_xaxes(title_text=t("review.chart.conversion", lang) + " %", rangemode="tozero")
    fig.update_yaxes(autorange="reversed")  # the table's order, top down
    fig.update_layout(showlegend=False)
    return _layout(fig, height=150 + 40 * len(test.arms), dark=dark,
                   left=_text_px(labels) + 20)


def _wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float, float]:
    """The rate and its Wilson score interval: (p + z^2/2n ± z sqrt(p(1-p)/n + z^2/4n^2))
    / (1 + z^2/n)."""
    if trials <= 0:
        return 0.0, 0.0, 0.0
    p = min(successes / trials, 1.0)
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * ((p * (1 - p) / trials + z * z / (4 * trials * trials)) ** 0.5) / denominator
    return p, max(0.0, centre - half), min(1.0, centre + half)


# ---------------------------------------------------------------------------------------
# Display tables (the page's st.dataframe and the report's HTML tables).


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def product_table(review: SessionReview, lang: str, tz: tzinfo) -> pd.DataFrame:
    """One row per product, in the reader's language."""
    rows = []
    for p in review.products:
        fc = p.forecast
        rows.append({
            t("review.col.slot", lang): p.slot,
            t("review.col.sku", lang): p.sku,
            t("review.col.name", lang): p.name,
            t("review.col.units", lang): p.units,
            t("review.col.revenue", lang): format_money(p.revenue, p.currency),
            t("review.col.ran_out_at", lang): (t("review.never", lang) if p.ran_out_at is None
                                               else format_when(p.ran_out_at, tz, lang)),
            t("review.col.minutes_out", lang): round(p.minutes_out_of_stock),
            t("review.col.lost_units", lang): ("–" if p.lost_units is None
                                               else format_count(p.lost_units)),
            t("review.col.lost_revenue", lang): ("–" if p.lost_revenue is None
                                                 else format_money(p.lost_revenue, p.currency)),
            t("review.col.lost_method", lang): ("–" if p.lost_method is None
                                                else t(f"review.lost.{p.lost_method}", lang)),
            t("review.col.forecast", lang): ("–" if fc is None else
                                             f"{fc.low:.0f}–{fc.expected:.0f}–{fc.high:.0f}"),
            t("review.col.ctr", lang): _pct(p.ctr),
            t("review.col.conversion", lang): _pct(p.conversion),
        })
    return pd.DataFrame(rows)


def ab_table(test: ABTest, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("review.col.variant", lang): arm.label or "–",
        t("review.col.sku", lang): arm.sku,
        t("review.col.price", lang): f"{arm.price:g}",
        t("review.col.impressions", lang): f"{arm.impressions:,}",
        t("review.col.clicks", lang): f"{arm.clicks:,}",
        t("review.col.orders", lang): f"{arm.orders:,}",
        t("review.col.ctr", lang): _pct(arm.ctr),
        t("review.col.conversion", lang): _pct(arm.conversion),
        t("review.col.sessions", lang): len(arm.sessions),
    } for arm in test.arms])


def ab_heading(test: ABTest, names: Mapping[str, str], lang: str) -> str:
    """What a test is called: what its products' names share ("环形补光灯 Ring Light" for
    "… Ring Light 10in" against "… Ring Light 12in + Stand"), else their names side by side;
    a price test is "<name> at 2 prices". Never the substitute group's key (`ring_light`)."""
    arm_names = [names.get(arm.sku, arm.sku) for arm in test.arms]
    if test.kind is ABKind.PRICE:
        return t("review.ab.price_group", lang, sku=arm_names[0], count=len(test.arms))
    shared = _shared_words(arm_names)
    return shared if shared else " vs ".join(dict.fromkeys(arm_names))


def _shared_words(names: Sequence[str]) -> str:
    """The words every name starts with: ("LED Strip 5m", "LED Strip 10m") -> "LED Strip"."""
    split = [name.split() for name in names]
    shared: list[str] = []
    for words in zip(*split, strict=False):
        if any(word != words[0] for word in words):
            break
        shared.append(words[0])
    return " ".join(shared)


def ab_sentences(test: ABTest, lang: str) -> list[str]:
    """The verdict, the elasticity (price tests) and the across-sessions caveat."""
    lines = [verdict_line(test, lang)]
    elasticity = elasticity_line(test, lang)
    if elasticity:
        lines.append(elasticity)
    sessions = {sid for arm in test.arms for sid in arm.sessions}
    if len(sessions) > 1:
        lines.append(t("review.ab.across", lang, n=len(sessions)))
    return lines


def plan_table(lines: Sequence[PlanLine], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("review.col.sku", lang): line.sku,
        t("review.col.warehouse", lang): line.warehouse_id,
        t("review.col.order_qty", lang): line.order_qty,
        t("review.col.mode", lang): t(f"plan.lane.{line.mode}", lang) if line.mode else "–",
        t("review.col.arrive_by", lang): "–" if line.arrive_by is None
        else line.arrive_by.isoformat(),
        t("review.col.cost", lang): format_money(line.cost, line.currency),
        t("review.col.tier", lang): t(f"tier.{line.tier}", lang),
    } for line in lines])


def alert_table(alerts: Sequence[AlertView], lang: str, tz: tzinfo) -> pd.DataFrame:
    return pd.DataFrame([{
        t("review.col.time", lang): format_when(a.ts, tz, lang),
        t("review.col.alert", lang): a.message_zh if lang == "zh" else a.message,
    } for a in alerts])
