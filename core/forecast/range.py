"""The forecast's range: negative binomial intervals and the dispersion they are built from."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.forecast.viewers import DEFAULT_VIEWER_LOG_VAR

INTERVAL = 0.8  # low / high are the 10th and 90th percentiles
DEFAULT_PHI_CONV = 0.25  # before enough past forecasts exist to measure it


def nb_quantile(q: float | np.ndarray, shape: np.ndarray, means: np.ndarray) -> np.ndarray:
    """The q-quantile of negative binomials with gamma `shape` and these means (Var = m +
    m^2 / shape): the smallest k with P(X <= k) >= q, as scipy.stats.nbinom.ppf(q, shape,
    shape / (shape + means)) gives it, through scipy.special (scipy.stats alone takes about
    a second to import, which every board process would pay).
    Example: mean 60 on a shape of 4 -> 25 at q = 0.1."""
    from scipy import special

    p = shape / (shape + means)
    upper = np.ceil(special.nbdtrik(q, shape, p))
    below = np.clip(upper - 1, 0.0, np.inf)
    return np.where(special.betainc(shape, below + 1, p) >= q, below, upper)


def poisson_quantile(q: float | np.ndarray, means: np.ndarray) -> np.ndarray:
    """The q-quantile of Poissons with these means (scipy.stats.poisson.ppf's rule)."""
    from scipy import special

    upper = np.ceil(special.pdtrik(q, means))
    below = np.clip(upper - 1, 0.0, np.inf)
    return np.where(special.pdtr(below, means) >= q, below, upper)


def nb_interval(means: np.ndarray, phi: float, interval: float = INTERVAL
                ) -> tuple[np.ndarray, np.ndarray]:
    """The central `interval` of negative binomials with these means and Var = m + phi m^2
    (Poisson when phi is 0): the (1 - interval) / 2 and (1 + interval) / 2 quantiles."""
    means = np.asarray(means, dtype=float)
    tail = (1 - interval) / 2
    safe = np.maximum(means, 1e-12)
    if phi <= 1e-9:
        low, high = poisson_quantile(tail, safe), poisson_quantile(1 - tail, safe)
    else:
        shape = np.full_like(safe, 1.0 / phi)
        low, high = nb_quantile(tail, shape, safe), nb_quantile(1 - tail, shape, safe)
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
