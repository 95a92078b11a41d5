"""The review as one self-contained HTML file a team can mail: `livestock review --html`.

Everything is inside the file: plotly's JavaScript is inlined once (about 4.7 MB), the
charts are the page's (dashboard/review_charts.py), the styles are inline, and nothing is
fetched from the network, so it opens offline and in a mail client's preview of the
attachment. All text is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from core.board.alerts import AlertView
from core.common.i18n import t
from core.common.markup import html_text
from core.planning.replenish import PlanLine
from core.review.abtest import ABTest
from core.review.model import SessionReview
from core.review.service import LIGHT_STEP_MINUTES
from dashboard import review_charts as charts
from dashboard.render import format_count, format_money_by_currency, format_when

CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",Helvetica,Arial,sans-serif;
     margin:0;background:#f4f6f9;color:#14171f}
main{max-width:1280px;margin:0 auto;padding:24px 28px 40px}
h1{font-size:1.7rem;margin:.2rem 0}
h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:2px solid #d9dee7;padding-bottom:.3rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.sub{color:#4a5261;margin:0 0 1rem}
.note{color:#4a5261;font-size:.92rem;margin:.4rem 0}
.status{background:#fff4d6;border-left:4px solid #f2a900;padding:.5rem .8rem;margin:.6rem 0}
.kpis{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin:1rem 0}
.kpi{background:#fff;border-radius:10px;padding:12px 16px;box-shadow:0 1px 2px #0001}
.kpi .label{font-size:.85rem;color:#4a5261}
.kpi .value{font-size:1.6rem;font-weight:700;margin-top:.2rem}
.kpi .extra{font-size:.85rem;color:#8a2a1c}
.card{background:#fff;border-radius:10px;padding:12px 16px;box-shadow:0 1px 2px #0001;
      margin-bottom:12px;overflow-x:auto}
table.tbl{border-collapse:collapse;width:100%;font-size:.9rem}
table.tbl th{background:#eef1f6;text-align:left;padding:6px 8px;white-space:nowrap}
table.tbl td{border-top:1px solid #e3e7ee;padding:5px 8px}
.verdict{font-weight:600}
.win{color:#00734a}.nodata{color:#8a5a00}
footer{color:#6b7280;font-size:.8rem;margin-top:2rem}
"""


def _figure(fig: go.Figure, div_id: str) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, escape=True, classes="tbl", border=0)


def _kpis(review: SessionReview, lang: str) -> str:
    out = sum(1 for p in review.products if p.ran_out_at is not None)
    cards = [
        (t("review.kpi.gmv", lang),
         format_money_by_currency(review.gmv_by_currency, review.currency), ""),
        (t("review.kpi.items_sold", lang), format_count(review.items_sold), ""),
        (t("review.kpi.peak_viewers", lang),
         "–" if review.peak_viewers is None else format_count(review.peak_viewers), ""),
        (t("review.kpi.lost_sales", lang),
         format_money_by_currency(review.lost_revenue_by_currency, review.currency),
         t("review.kpi.lost_units", lang, units=format_count(review.lost_units))),
        (t("review.kpi.ran_out", lang), f"{out} / {len(review.products)}", ""),
    ]
    return '<div class="kpis">' + "".join(
        f'<div class="kpi"><div class="label">{html_text(label)}</div>'
        f'<div class="value">{html_text(value)}</div>'
        f'<div class="extra">{html_text(extra)}</div></div>'
        for label, value, extra in cards) + "</div>"


def status_note(review: SessionReview, lang: str, tz: tzinfo) -> str | None:
    """Why the review is partial, if it is: not started, or still live."""
    if review.at < review.start:
        return t("review.status.scheduled", lang)
    if review.at < review.end:
        return t("review.status.live", lang, time=format_when(review.at, tz, lang))
    return None


def forecast_note(review: SessionReview, lang: str) -> str:
    track = review.forecast_track
    if track is None:
        return t("review.note.no_forecast", lang)
    return t("review.note.forecast", lang,
             viewers=format_count(track.expected_viewers or 0),
             wape="–" if track.wape is None else f"{track.wape:.0%}",
             coverage="–" if track.coverage is None else f"{track.coverage:.0%}",
             n=track.sessions)


def _section(title: str) -> str:
    return f"<h2>{html_text(title)}</h2>"


def _note(text: str) -> str:
    return f'<p class="note">{html_text(text)}</p>'


def _card(inner: str) -> str:
    return f'<div class="card">{inner}</div>'


def _ab_card(test: ABTest, index: int, lang: str, names: Mapping[str, str]) -> str:
    sentences = charts.ab_sentences(test, lang)
    css = "win" if test.winner else "nodata"
    return _card(f"<h3>{html_text(charts.ab_heading(test, names, lang))}</h3>"
                 f'<p class="verdict {css}">{html_text(sentences[0])}</p>'
                 + "".join(_note(s) for s in sentences[1:])
                 + _table(charts.ab_table(test, lang))
                 + _figure(charts.ab_figure(test, lang), f"ab-{index}"))


def report_html(review: SessionReview, *, lights: pd.DataFrame, alerts: Sequence[AlertView],
                plan: Sequence[PlanLine], lang: str, tz: tzinfo, made_at: datetime) -> str:
    """The whole report as one HTML document in `lang`, times in `tz`."""
    e = html_text
    window = t("review.window", lang, platform=review.platform, market=review.market,
               start=format_when(review.start, tz, lang), end=format_when(review.end, tz, lang))
    parts = [f"<h1>{e(t('review.title', lang, title=review.title))}</h1>",
             f'<p class="sub">{e(window)} · {e(review.session_id)}</p>']
    note = status_note(review, lang, tz)
    if note:
        parts.append(f'<div class="status">{e(note)}</div>')
    parts += [
        _kpis(review, lang),
        _section(t("review.section.timeline", lang)),
        _card(_figure(charts.timeline_figure(review, lights, alerts, lang, tz), "timeline")),
        _note(t("review.note.lights", lang, step=f"{LIGHT_STEP_MINUTES:g}")),
        _section(t("review.section.products", lang)),
        _card(_table(charts.product_table(review, lang, tz))),
        _note(t("review.note.lost", lang)),
        _section(t("review.section.forecast", lang)),
        _card(_figure(charts.forecast_figure(review, lang), "forecast")),
        _note(forecast_note(review, lang)),
        _section(t("review.section.retention", lang)),
        _card(_figure(charts.retention_figure(review, lang), "retention")),
        _note(t("review.note.watch_time", lang)),
        _section(t("review.section.ab", lang)),
    ]
    if not review.ab_tests:
        parts.append(_note(t("review.ab.none", lang)))
    names = {p.sku: p.name for p in review.products}
    parts += [_ab_card(test, index, lang, names)
              for index, test in enumerate(review.ab_tests)]
    parts += [
        _section(t("review.section.replenish", lang)),
        _card(_table(charts.plan_table(plan, lang)) if plan
              else _note(t("review.replenish.none", lang))),
        _section(t("review.section.alerts", lang)),
        _card(_table(charts.alert_table(alerts, lang, tz)) if alerts
              else _note(t("review.alerts.none", lang))),
        "<footer>" + e(t("review.report.footer", lang, session=review.session_id,
                         time=format_when(made_at, tz, lang))) + "</footer>",
    ]
    title = e(t("review.title", lang, title=review.title))
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
            '<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            f"<title>{title}</title><style>{CSS}</style>"
            f"<script>{get_plotlyjs()}</script></head>"
            f"<body><main>{''.join(parts)}</main></body></html>")
