"""Viewers from the warm-up: a regression on past warm-ups, blended with the viewers model."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.forecast.history import History
from core.forecast.target import Upcoming
from core.forecast.viewers import DEFAULT_VIEWER_LOG_VAR, viewers_model

# The team's expected_viewers is read as a log-normal guess good to about 25%.
TEAM_ESTIMATE_LOG_VAR = 0.25**2


@dataclass(frozen=True)
class WarmupFit:
    """log V_live = a + b log(1 + warm-up viewers) [+ c log(1 + interactions/min)]."""

    coefficients: tuple[float, ...]
    residual_var: float
    uses_interactions: bool
    sessions: int

    def predict(self, viewers: float, interactions_per_min: float | None) -> float:
        row = [1.0, math.log1p(viewers)]
        if self.uses_interactions:
            row.append(math.log1p(interactions_per_min or 0.0))
        return float(np.dot(self.coefficients, row))


def fit_warmup(history: History, *, minutes_before_start: float, with_interactions: bool
               ) -> WarmupFit | None:
    """Least squares of past sessions' log live viewers on their warm-up at the same time
    before the start. Needs 4 past sessions with both (6 with interactions). With 1 to 3
    (and no interactions) there is too little for a slope: live viewers are read as a
    multiple of the warm-up's (slope 1), the mean log multiple of those past sessions, its
    error variance at least DEFAULT_VIEWER_LOG_VAR. Without any, None.

    Example: two past streams drew 3x and 2x their warm-up's viewers live (log 1.10 and
    0.69): a warm-up of 99 now says exp(0.90) x 100 = 245 live.
    """
    feats = history.warmup_at(minutes_before_start)
    frame = history.log_viewers.merge(feats, on="session_id")
    frame = frame[frame["warmup_viewers"].notna()]
    if with_interactions:
        frame = frame[frame["interactions_per_min"].notna()]
    needed = 6 if with_interactions else 4
    if len(frame) < needed:
        if with_interactions or frame.empty:
            return None
        multiples = frame["log_v"] - np.log1p(frame["warmup_viewers"].astype(float))
        spread = float(multiples.var(ddof=1)) if len(multiples) > 1 else 0.0
        return WarmupFit((float(multiples.mean()), 1.0),
                         max(spread, DEFAULT_VIEWER_LOG_VAR), False, len(frame))
    columns = [np.ones(len(frame)), np.log1p(frame["warmup_viewers"].astype(float))]
    if with_interactions:
        columns.append(np.log1p(frame["interactions_per_min"].astype(float)))
    x = np.column_stack(columns)
    y = frame["log_v"].to_numpy()
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    dof = max(len(y) - x.shape[1], 1)
    residual_var = float(np.sum((y - x @ coef) ** 2) / dof)
    return WarmupFit(tuple(float(c) for c in coef), max(residual_var, 1e-4),
                     with_interactions, len(frame))


def forecast_viewers(history: History, target: Upcoming) -> tuple[float | None, float, str]:
    """(log expected viewers, its error variance, basis) for the target session.

    Past sessions alone give the prior, or the session's `expected_viewers` when the team
    gave one (basis "team"; a log-normal error of 25%); a started warm-up adds the
    regression estimate, blended by inverse variance:
    (p / s_p^2 + r / s_r^2) / (1 / s_p^2 + 1 / s_r^2).
    """
    fitted = viewers_model(history, market=target.market, traffic=target.traffic,
                           platform=target.platform)
    basis = "past sessions"
    if target.expected_viewers is not None:
        # The team's estimate replaces what past sessions say (an event is not one of them).
        fitted, basis = (math.log(target.expected_viewers), TEAM_ESTIMATE_LOG_VAR), "team"
    if fitted is None:
        return None, DEFAULT_VIEWER_LOG_VAR, "none"
    prior, prior_var = fitted
    if target.minutes_before_start is None or target.warmup_viewers_mean is None:
        return prior, prior_var, basis
    with_interactions = target.warmup_interactions_per_min is not None
    fit = fit_warmup(history, minutes_before_start=target.minutes_before_start,
                     with_interactions=with_interactions)
    if fit is None and with_interactions:
        fit = fit_warmup(history, minutes_before_start=target.minutes_before_start,
                         with_interactions=False)
    if fit is None:
        return prior, prior_var, basis
    regression = fit.predict(target.warmup_viewers_mean, target.warmup_interactions_per_min)
    weight_prior, weight_reg = 1 / prior_var, 1 / fit.residual_var
    blended = (prior * weight_prior + regression * weight_reg) / (weight_prior + weight_reg)
    return blended, 1 / (weight_prior + weight_reg), "warm-up"
