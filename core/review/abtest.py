"""A/B results: products of one substitute group, or one product at two prices.

Pure: takes DataFrames read by `core.review.reads` and returns `ABTest` values.

What is compared is the conversion of the product card, orders / clicks (funnel.csv's
clicks, orders.csv's distinct order ids), counted only while the product was in stock and
at its lineup price (`core.review.clean_funnel`: a flash deal's minutes are left out). The
winner is chosen on conversion; each arm's margin per click, conversion x (price - unit
cost), is shown beside it. The test:

- two variants: the two-proportion z-test with a pooled standard error,
      p = (x_a + x_b) / (n_a + n_b),  z = (x_b/n_b - x_a/n_a) / sqrt(p (1 - p) (1/n_a + 1/n_b)),
      p_value = 2 (1 - Phi(|z|))   (two-sided);
  worked example: 40 orders of 400 clicks against 60 of 400 -> p = 0.125, z = 2.138,
  p_value = 0.0325;
- three or more: Pearson's chi-square test of homogeneity on the k x 2 table (orders,
  clicks without an order), and a winner must also beat each other variant in a pairwise
  z-test at 0.05 / (k - 1) (Bonferroni).

A winner is named only when p_value < 0.05 AND every variant has at least
`MIN_COUNT` orders and `MIN_COUNT` clicks without an order (the usual condition for the
normal approximation); otherwise `winner` is None and the verdict says "not enough data".

Price elasticity (one product at two prices): the arc elasticity of conversion,
    E = ((c_b - c_a) / ((c_a + c_b) / 2)) / ((p_b - p_a) / ((p_a + p_b) / 2)),
e.g. conversion 10% at 24.99 and 15% at 19.99 -> (0.05 / 0.125) / (-5 / 22.49) = -1.80:
a 1% lower price brought about 1.8% more conversion.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from core.common.i18n import t

SIGNIFICANCE = 0.05
MIN_COUNT = 10
Z_TEST = "two-proportion z-test (pooled, two-sided)"
CHI_SQUARE = "chi-square test of homogeneity"


class Verdict(StrEnum):
    WINNER = "winner"
    TOO_FEW = "too_few"  # too few orders or clicks without an order in some variant
    NOISE = "noise"  # enough data, but p >= 0.05: the difference may be chance
    BAD_FUNNEL = "bad_funnel"  # more orders than clicks: the funnel is incomplete


class ABKind(StrEnum):
    GROUP = "group"  # products of one substitute group in one session
    PRICE = "price"  # one product at two prices, across sessions


@dataclass(frozen=True)
class Arm:
    """One variant: a product at a price, with its funnel over the sessions it covers."""

    sku: str
    price: float
    impressions: int
    clicks: int
    orders: int
    label: str = ""  # the lineup's variant letter(s), e.g. "A"
    sessions: tuple[str, ...] = ()
    unit_cost: float | None = None

    @property
    def margin_per_click(self) -> float | None:
        """conversion x (price - unit cost): what a click earns; None without clicks or a
        unit cost."""
        if self.conversion is None or self.unit_cost is None:
            return None
        return self.conversion * (self.price - self.unit_cost)

    @property
    def ctr(self) -> float | None:
        """clicks / impressions; None without impressions."""
        return self.clicks / self.impressions if self.impressions > 0 else None

    @property
    def conversion(self) -> float | None:
        """orders / clicks; None without clicks."""
        return self.orders / self.clicks if self.clicks > 0 else None

    def to_json(self) -> dict[str, Any]:
        return {"sku": self.sku, "price": round(self.price, 4),
                "impressions": self.impressions, "clicks": self.clicks, "orders": self.orders,
                "ctr": _round(self.ctr), "conversion": _round(self.conversion)}


@dataclass(frozen=True)
class ABTest:
    """The result of one test: the variants, the test used, its p-value and the verdict."""

    group: str
    kind: ABKind
    arms: tuple[Arm, ...]
    test: str
    p_value: float | None
    z: float | None  # two variants only: positive when the second converts better
    verdict: Verdict
    winner: str | None
    elasticity: float | None = None  # price tests with two prices

    def to_json(self) -> dict[str, Any]:
        """Exactly the ab_tests fields of docs/json.md."""
        return {"group": self.group, "variants": [arm.to_json() for arm in self.arms],
                "p_value": _round(self.p_value), "winner": self.winner}


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


# ---------------------------------------------------------------------------------------
# The statistics.


@dataclass(frozen=True)
class ZTest:
    z: float
    p_value: float


def two_proportion_z_test(*, successes_a: int, trials_a: int, successes_b: int,
                          trials_b: int) -> ZTest:
    """The pooled two-proportion z-test (module docstring); z > 0 when b's rate is higher.

    >>> r = two_proportion_z_test(successes_a=40, trials_a=400, successes_b=60, trials_b=400)
    >>> round(r.z, 3), round(r.p_value, 4)
    (2.138, 0.0325)
    """
    for name, value in (("successes_a", successes_a), ("trials_a", trials_a),
                        ("successes_b", successes_b), ("trials_b", trials_b)):
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")
    if trials_a == 0 or trials_b == 0:
        raise ValueError("each variant needs at least one trial (click)")
    if successes_a > trials_a or successes_b > trials_b:
        raise ValueError("successes (orders) cannot exceed trials (clicks)")
    pooled = (successes_a + successes_b) / (trials_a + trials_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b))
    diff = successes_b / trials_b - successes_a / trials_a
    if se == 0:  # both 0% or both 100%: no evidence of any difference
        return ZTest(0.0, 1.0)
    from scipy import stats  # about a second to import: only where a test is run

    z = diff / se
    return ZTest(z, float(2 * stats.norm.sf(abs(z))))


def chi_square_p_value(arms: Sequence[Arm]) -> float:
    """Pearson's chi-square test of homogeneity of conversion across the arms."""
    table = np.array([[arm.orders, arm.clicks - arm.orders] for arm in arms], dtype=float)
    if (table.sum(axis=0) == 0).any():
        return 1.0
    from scipy import stats

    result = stats.chi2_contingency(table, correction=False)
    return float(result.pvalue)


def arc_elasticity(*, price_a: float, conversion_a: float, price_b: float,
                   conversion_b: float) -> float | None:
    """Arc (midpoint) elasticity of conversion to price (module docstring); None when the
    prices are equal or both conversions are 0.

    >>> round(arc_elasticity(price_a=24.99, conversion_a=0.10, price_b=19.99,
    ...                      conversion_b=0.15), 2)
    -1.8
    """
    if price_a < 0 or price_b < 0 or conversion_a < 0 or conversion_b < 0:
        raise ValueError("prices and conversions must be >= 0")
    mean_price = (price_a + price_b) / 2
    mean_conversion = (conversion_a + conversion_b) / 2
    if price_a == price_b or mean_price == 0 or mean_conversion == 0:
        return None
    return ((conversion_b - conversion_a) / mean_conversion) / (
        (price_b - price_a) / mean_price)


def enough_data(arm: Arm, min_count: int = MIN_COUNT) -> bool:
    """At least `min_count` orders and `min_count` clicks without an order."""
    return arm.orders >= min_count and arm.clicks - arm.orders >= min_count


def evaluate(*, group: str, kind: ABKind, arms: Sequence[Arm],
             min_count: int = MIN_COUNT) -> ABTest:
    """Test the arms' conversions and name a winner only on real evidence (module
    docstring). Needs at least two arms."""
    if len(arms) < 2:
        raise ValueError(f"an A/B test needs at least two variants, got {len(arms)}")
    arms = tuple(arms)
    elasticity = _elasticity(kind, arms)
    if any(arm.orders > arm.clicks for arm in arms):
        return ABTest(group, kind, arms, Z_TEST if len(arms) == 2 else CHI_SQUARE, None, None,
                      Verdict.BAD_FUNNEL, None, elasticity)
    if any(arm.clicks == 0 for arm in arms):
        return ABTest(group, kind, arms, Z_TEST if len(arms) == 2 else CHI_SQUARE, None, None,
                      Verdict.TOO_FEW, None, elasticity)
    if len(arms) == 2:
        a, b = arms
        result = two_proportion_z_test(successes_a=a.orders, trials_a=a.clicks,
                                       successes_b=b.orders, trials_b=b.clicks)
        test, p_value, z = Z_TEST, result.p_value, result.z
    else:
        test, p_value, z = CHI_SQUARE, chi_square_p_value(arms), None
    if not all(enough_data(arm, min_count) for arm in arms):
        return ABTest(group, kind, arms, test, p_value, z, Verdict.TOO_FEW, None, elasticity)
    best = max(arms, key=lambda arm: (arm.conversion or 0.0))
    if p_value >= SIGNIFICANCE or not _beats_each(best, arms):
        return ABTest(group, kind, arms, test, p_value, z, Verdict.NOISE, None, elasticity)
    winner = best.sku if kind is ABKind.GROUP else f"{best.sku}@{best.price:g}"
    return ABTest(group, kind, arms, test, p_value, z, Verdict.WINNER, winner, elasticity)


def _beats_each(best: Arm, arms: Sequence[Arm]) -> bool:
    """With three or more arms, the best must beat every other one pairwise at
    0.05 / (k - 1); with two, the overall test already decided."""
    if len(arms) == 2:
        return True
    level = SIGNIFICANCE / (len(arms) - 1)
    for other in arms:
        if other is best:
            continue
        result = two_proportion_z_test(successes_a=other.orders, trials_a=other.clicks,
                                       successes_b=best.orders, trials_b=best.clicks)
        if result.z <= 0 or result.p_value >= level:
            return False
    return True


def _elasticity(kind: ABKind, arms: tuple[Arm, ...]) -> float | None:
    if kind is not ABKind.PRICE or len(arms) != 2:
        return None
    a, b = arms
    if a.conversion is None or b.conversion is None:
        return None
    return arc_elasticity(price_a=a.price, conversion_a=a.conversion, price_b=b.price,
                          conversion_b=b.conversion)


# ---------------------------------------------------------------------------------------
# Finding the tests of a session.


def session_tests(*, session_id: str, variants: pd.DataFrame, funnel: pd.DataFrame,
                  orders: pd.DataFrame, sessions_in_scope: Sequence[str]) -> list[ABTest]:
    """The A/B tests a session's review shows.

    `variants`: lineup rows with a variant label (session_id, sku, price, variant,
    substitute_group), of this session and others; `funnel`: session_id, sku, impressions,
    clicks; `orders`: session_id, sku, orders; `sessions_in_scope`: the sessions a price
    test may pool (those ended by the review's moment, and this one).

    - group test: the session's labelled products of one substitute group, two or more
      distinct skus; one arm per sku, this session's funnel only;
    - price test: a labelled product of the session with no labelled partner in its group
      there; one arm per price it was labelled at over the sessions in scope, funnels
      summed (audiences differ between sessions: read it as a hint, not proof).
    """
    mine = variants[variants["session_id"] == session_id]
    tests: list[ABTest] = []
    funnel_at = _totals(funnel, ["impressions", "clicks"])
    orders_at = _totals(orders, ["orders"])

    grouped = mine.assign(group=mine["substitute_group"].fillna("")).sort_values("sku")
    partnered: set[str] = set()
    for group, rows in grouped.groupby("group", sort=True):
        skus = list(dict.fromkeys(rows["sku"]))
        if not group or len(skus) < 2:
            continue
        partnered.update(skus)
        arms = [_arm(sku=str(row.sku), price=float(str(row.price)), label=str(row.variant),
                     sessions=(session_id,), funnel_at=funnel_at, orders_at=orders_at,
                     unit_cost=_cost(row))
                for row in rows.sort_values(["variant", "sku"]).itertuples(index=False)]
        tests.append(evaluate(group=str(group), kind=ABKind.GROUP, arms=arms))

    scope = set(sessions_in_scope) | {session_id}
    for sku in sorted(set(mine["sku"]) - partnered):
        history = variants[(variants["sku"] == sku) & variants["session_id"].isin(scope)]
        prices = sorted({round(float(p), 4) for p in history["price"]})
        if len(prices) < 2:
            continue
        arms = []
        for price in prices:
            rows = history[history["price"].astype(float).round(4) == price]
            labels = "/".join(sorted(set(map(str, rows["variant"]))))
            arms.append(_arm(sku=sku, price=price, label=labels,
                             sessions=tuple(sorted(rows["session_id"])),
                             funnel_at=funnel_at, orders_at=orders_at,
                             unit_cost=_cost(next(rows.itertuples(index=False)))))
        tests.append(evaluate(group=f"{sku} price", kind=ABKind.PRICE, arms=arms))
    return tests


def _totals(frame: pd.DataFrame, columns: list[str]) -> dict[tuple[str, str], tuple[int, ...]]:
    return {(sid, sku): tuple(int(v) for v in values)
            for sid, sku, *values in frame[["session_id", "sku", *columns]]
            .itertuples(index=False)}


def _arm(*, sku: str, price: float, label: str, sessions: tuple[str, ...],
         funnel_at: dict[tuple[str, str], tuple[int, ...]],
         orders_at: dict[tuple[str, str], tuple[int, ...]],
         unit_cost: float | None = None) -> Arm:
    impressions = sum(funnel_at.get((sid, sku), (0, 0))[0] for sid in sessions)
    clicks = sum(funnel_at.get((sid, sku), (0, 0))[1] for sid in sessions)
    orders = sum(orders_at.get((sid, sku), (0,))[0] for sid in sessions)
    return Arm(sku=sku, price=price, impressions=impressions, clicks=clicks, orders=orders,
               label=label, sessions=sessions, unit_cost=unit_cost)


def _cost(row: Any) -> float | None:
    cost = getattr(row, "unit_cost", None)
    return None if cost is None or pd.isna(cost) else float(cost)



# ---------------------------------------------------------------------------------------
# Plain-language verdicts.


def format_p(p_value: float) -> str:
    """p-values as people read them, two significant digits: "p = 0.033", "p = 0.77",
    "p < 0.0001"."""
    if p_value < 0.0001:
        return "p < 0.0001"
    return f"p = {p_value:.2g}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def verdict_line(test: ABTest, lang: str) -> str:
    """The test's verdict in one plain sentence, in `lang`: who wins and by how much, or
    why there is not enough data to say."""
    ranked = sorted(test.arms, key=lambda arm: -(arm.conversion or 0.0))
    best, other = ranked[0], ranked[1]
    names = {"best": _pct(best.conversion), "other": _pct(other.conversion)}
    test_name = t("review.ab.z_test" if test.test == Z_TEST else "review.ab.chi_square", lang)
    if test.verdict is Verdict.WINNER and test.p_value is not None:
        return t("review.ab.winner", lang, winner=test.winner, p=format_p(test.p_value),
                 test=test_name, **names) + _margin_note(ranked, lang)
    if test.verdict is Verdict.NOISE and test.p_value is not None:
        return t("review.ab.noise", lang, p=format_p(test.p_value), **names)
    if test.verdict is Verdict.BAD_FUNNEL:
        return t("review.ab.bad_funnel", lang)
    return t("review.ab.too_few", lang, n=MIN_COUNT)


def _margin_note(ranked: Sequence[Arm], lang: str) -> str:
    """" · margin per click 2.31 vs 1.86" (best on conversion first), when both are known."""
    best, other = ranked[0], ranked[1]
    if best.margin_per_click is None or other.margin_per_click is None:
        return ""
    return t("review.ab.margin", lang, best=f"{best.margin_per_click:.2f}",
             other=f"{other.margin_per_click:.2f}")


def elasticity_line(test: ABTest, lang: str) -> str | None:
    """The implied price elasticity in a sentence (price tests with two prices)."""
    if test.elasticity is None:
        return None
    e = test.elasticity
    direction = t("review.ab.more" if e < 0 else "review.ab.less", lang)
    return t("review.ab.elasticity", lang, e=f"{e:.2f}", pct=f"{abs(e):.1f}",
             direction=direction)


def group_label(test: ABTest, lang: str) -> str:
    """How a test is titled: its substitute group, or "SKU at 2 prices"."""
    if test.kind is ABKind.PRICE:
        return t("review.ab.price_group", lang, sku=test.arms[0].sku, count=len(test.arms))
    return test.group
