"""The planner's sliders: one product's (absolute values) or a session's (lineup-wide).

Each widget's key carries the scope (product@warehouse or session), so picking another
product starts its sliders from that product's store values; the lead-time key carries the
freight mode too, so switching sea -> air moves the lead time to air's.
"""

from __future__ import annotations

import math

import streamlit as st

from core.board.tiers import Tier, tier_days
from core.common.i18n import t
from core.common.settings import Settings
from core.planning.replenish import LaneOption
from core.planning.whatif import (
    Baseline,
    LineupSliders,
    Sliders,
    default_lineup_sliders,
    lead_time_days,
)
from dashboard.planning_display import format_fee

BATCH_UNITS = (1, 10, 20, 50, 100, 200, 500, 1000)


def nice_top(value: float, floor: float) -> float:
    """A round upper bound for a slider: 2.5 x the value, up to 1, 2 or 5 x 10^k.

    >>> nice_top(600, 1000), nice_top(4200, 1000), nice_top(0, 50)
    (2000, 20000, 50)
    """
    wanted = max(value * 2.5, floor)
    power = 10 ** math.floor(math.log10(wanted))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= wanted)


def lane_label(mode: str, lane: LaneOption | None, currency: str, lang: str) -> str:
    word = t(f"plan.lane.{mode}", lang)
    if lane is None:
        return word
    return t("plan.lane.label", lang, mode=word, days=f"{lane.transit_days:g}",
             cost=format_fee(lane.cost_unit, currency))


def _safety(column: st.delta_generator.DeltaGenerator, *, base_days: float,
            base_level: float, settings: Settings, scope: str, lang: str
            ) -> tuple[float, float]:
    """(tier days, service level): a tier in tier mode, a service level otherwise."""
    if settings.safety_mode == "service_level":
        level = column.slider(t("plan.slider.service_level", lang), 50, 99,
                              round(base_level * 100), key=f"service:{scope}",
                              help=t("plan.help.service_level", lang))
        return base_days, level / 100
    tiers = list(Tier)
    current = next((x for x in tiers if tier_days(x, settings) == base_days), Tier.DAILY)
    tier = column.select_slider(
        t("plan.slider.tier", lang), tiers, value=current, key=f"tier:{scope}",
        format_func=lambda x: t("plan.tier_label", lang, tier=t(f"tier.{x.value}", lang),
                                days=f"{tier_days(x, settings):g}"),
        help=t("plan.help.tier", lang))
    return tier_days(tier, settings), base_level


def product_sliders(base: Baseline, *, settings: Settings, lang: str) -> Sliders:
    scope = f"{base.sku}@{base.warehouse_id}"
    d = base.inputs
    top_row, bottom_row = st.columns(4), st.columns(4)
    top_viewers = int(nice_top(d.expected_viewers, 1000))
    viewers = top_row[0].slider(
        t("plan.slider.avg_viewers", lang), 0, top_viewers,
        min(round(d.expected_viewers), top_viewers), step=max(top_viewers // 200, 1),
        key=f"viewers:{scope}", help=t("plan.help.avg_viewers", lang))
    conversion = top_row[1].slider(
        t("plan.slider.conversion", lang), 0.0, float(nice_top(d.orders_per_1000_viewers, 20)),
        round(d.orders_per_1000_viewers, 1), step=0.1, key=f"conversion:{scope}",
        help=t("plan.help.conversion", lang))
    list_price = max(d.usual_price, 0.01)
    price = top_row[2].slider(
        t("plan.slider.price", lang, currency=base.price_currency), round(list_price * 0.5, 2),
        round(list_price * 1.5, 2), round(d.price, 2), step=0.01 if list_price < 500 else 1.0,
        key=f"price:{scope}", help=t("plan.help.price", lang))
    modes = list(base.lanes) or ["sea"]
    mode = bottom_row[0].radio(
        t("plan.slider.mode", lang), modes, index=modes.index(base.default_mode or modes[0]),
        key=f"mode:{scope}", format_func=lambda m: lane_label(
            m, base.lanes.get(m), base.currency, lang))
    lead = lead_time_days(supplier_lead_days=base.supplier_lead_days, lane=base.lanes.get(mode))
    lead_time = top_row[3].slider(
        t("plan.slider.lead_time", lang), 0, max(120, 2 * lead), lead,
        key=f"lead:{scope}:{mode}", help=t("plan.help.lead_time", lang,
                                          supplier=f"{base.supplier_lead_days:g}"))
    batch = bottom_row[1].select_slider(t("plan.slider.batch", lang), BATCH_UNITS,
                                        value=d.batch_units if d.batch_units in BATCH_UNITS
                                        else 1, key=f"batch:{scope}",
                                        help=t("plan.help.batch", lang))
    days, level = _safety(bottom_row[2], base_days=d.tier_days, base_level=d.service_level,
                          settings=settings, scope=scope, lang=lang)
    return Sliders(float(viewers), conversion, price, lead_time,
                   mode if base.lanes else None, batch, days, level)


def lineup_sliders(bases: list[Baseline], modes: list[str], *, session_id: str,
                   settings: Settings, lang: str) -> LineupSliders:
    scope = f"session:{session_id}"
    default = default_lineup_sliders(bases, freight_mode=modes[0] if modes else "sea")
    top_row, bottom_row = st.columns(4), st.columns(4)
    top_viewers = int(nice_top(default.expected_viewers, 1000))
    viewers = top_row[0].slider(
        t("plan.slider.avg_viewers", lang), 0, top_viewers,
        min(round(default.expected_viewers), top_viewers), step=max(top_viewers // 200, 1),
        key=f"viewers:{scope}", help=t("plan.help.avg_viewers", lang))
    conversion = top_row[1].slider(
        t("plan.slider.lineup_conversion", lang), 0.0,
        float(nice_top(default.orders_per_1000_viewers, 50)),
        round(default.orders_per_1000_viewers, 1), step=0.5, key=f"conversion:{scope}",
        help=t("plan.help.lineup_conversion", lang))
    price_change = top_row[2].slider(t("plan.slider.price_change", lang), -50, 50, 0, step=5,
                                     key=f"price:{scope}", format="%+d%%",
                                     help=t("plan.help.price_change", lang))
    lead_change = top_row[3].slider(t("plan.slider.lead_change", lang), -14, 30, 0,
                                    key=f"lead:{scope}", format="%+d",
                                    help=t("plan.help.lead_change", lang))
    mode = bottom_row[0].radio(t("plan.slider.mode", lang), modes or ["sea"], key=f"mode:{scope}",
                               format_func=lambda m: t(f"plan.lane.{m}", lang))
    batch = bottom_row[1].select_slider(t("plan.slider.batch", lang), BATCH_UNITS, value=1,
                                        key=f"batch:{scope}", help=t("plan.help.batch", lang))
    days, level = _safety(bottom_row[2], base_days=default.tier_days,
                          base_level=default.service_level, settings=settings, scope=scope,
                          lang=lang)
    return LineupSliders(float(viewers), conversion, price_change / 100, lead_change, mode,
                         batch, days, level)
