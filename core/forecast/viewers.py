"""Expected viewers of a session from past sessions: a recency-weighted ridge regression."""

from __future__ import annotations

import numpy as np

from core.forecast.history import History

VIEWER_PRIOR_PRECISION = 1.0
VIEWER_HALF_LIFE_DAYS = 60.0
DEFAULT_VIEWER_LOG_VAR = 0.25


def viewers_model(history: History, *, market: str, traffic: str, platform: str
                  ) -> tuple[float, float] | None:
    """(log expected viewers, its prediction variance) from past sessions; None without any.

    A recency-weighted ridge regression of log V on market, traffic and platform (one-hot,
    prior precision `VIEWER_PRIOR_PRECISION`, so an unseen market gets the overall level and
    a traffic effect is shared across markets); weights 0.5^(age / 60 days), age counted
    from the latest past session:
        beta = (X'WX + L)^-1 X'W y,   var = s^2 (1 + x'(X'WX + L)^-1 x),
        s^2 = sum w (y - X beta)^2 / (sum w - trace of the hat matrix), at least 0.01
    (`DEFAULT_VIEWER_LOG_VAR` with fewer than 3 sessions).
    """
    frame = history.log_viewers
    if frame.empty:
        return None
    age_days = (frame["start"].max() - frame["start"]).dt.total_seconds() / 86_400
    weights = np.power(0.5, age_days.clip(lower=0) / VIEWER_HALF_LIFE_DAYS).to_numpy()
    names = ["a"]
    columns = [np.ones(len(frame))]
    target = [1.0]
    for kind, values, wanted in (("market", frame["market"], market),
                                 ("traffic", frame["traffic"], traffic),
                                 ("platform", frame["platform"], platform)):
        array = np.asarray(values, dtype=object)
        for level in sorted(set(array)):
            names.append(f"{kind}:{level}")
            columns.append((array == level).astype(float))
            target.append(1.0 if level == wanted else 0.0)
    x = np.column_stack(columns)
    y = frame["log_v"].to_numpy()
    penalty = np.diag([1e-6] + [VIEWER_PRIOR_PRECISION] * (len(names) - 1))
    inverse = np.linalg.inv((x.T * weights) @ x + penalty)
    beta = inverse @ ((x.T * weights) @ y)
    point = np.array(target)
    if len(y) < 3:
        return float(point @ beta), DEFAULT_VIEWER_LOG_VAR
    hat_trace = float(np.trace(inverse @ ((x.T * weights) @ x)))
    dof = max(float(weights.sum()) - hat_trace, 1.0)
    s2 = max(float(np.sum(weights * (y - x @ beta) ** 2)) / dof, 0.01)
    return float(point @ beta), s2 * (1 + float(point @ inverse @ point))


def expected_log_viewers(history: History, *, market: str, traffic: str,
                         platform: str = "") -> float | None:
    """log of the expected mean viewers of such a session (see `viewers_model`)."""
    fitted = viewers_model(history, market=market, traffic=traffic, platform=platform)
    return None if fitted is None else fitted[0]
