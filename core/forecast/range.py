"""The forecast's range: negative binomial intervals and the dispersion they are built from."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.forecast.viewers import DEFAULT_VIEWER_LOG_VAR

INTERVAL = 0.8  # low / high are the 10th and 90th percentiles
DEFAULT_PHI_CONV = 0.25  # before enough past forecasts exist to measure it


def nb_interval(means: np.ndarray, phi: float, interval: float = INTERVAL
                ) -> tuple[np.ndarray, np.ndarray]:
    """The central `interval` of negative binomials with these means and Var = m + phi m^2
    (Poisson when phi is 0): the (1 - interval) / 2 and (1 + interval) / 2 quantiles."""
    # scipy.stats takes about a second to import: only the processes that draw a range pay
    # it (a board whose forecast is cached never does).
    from scipy import stats

    means = np.asarray(means, dtype=float)
    tail = (1 - interval) / 2
    safe = np.maximum(means, 1e-12)
    if phi <= 1e-9:
        low, high = stats.poisson.ppf([[tail], [1 - tail]], safe)
    else:
        shape = 1.0 / phi
        low, high = stats.nbinom.ppf([[tail], [1 - tail]], shape, shape / (shape + safe))
    zero = means <= 0
    return np.where(zero, 0.0, low), np.where(zero, 0.0, high)


@dataclass(frozen=True)
class Dispersion:
    """The two measured error sizes the range is built from (see `core.forecast.model`)."""

    phi_conv: float = DEFAULT_PHI_CONV
    viewer_log_var: float = DEFAULT_VIEWER_LOG_VAR

    def total(self, viewer_log_var: float | None = None) -> float:
        """phi = phi_conv x (1 + v) + v, v = exp(s^2) - 1 (a log-normal viewers factor)."""
        s2 = self.viewer_log_var if viewer_log_var is None else viewer_log_var
        v = math.expm1(s2)
        return self.phi_conv * (1 + v) + v
