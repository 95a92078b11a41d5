"""The forecast's quantiles (core.forecast.range) agree with scipy.stats' own distributions.

They are computed through scipy.special so that a board process never imports scipy.stats
(about a second); scipy.stats is the reference here, an implementation we did not write.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from core.forecast.range import nb_interval, nb_quantile, poisson_quantile

MEANS = np.array([0.01, 0.3, 1.0, 2.5, 7.0, 25.0, 60.0, 340.0, 5_000.0])
SHAPES = [0.2, 1.0, 4.0, 64.0, 1_000.0]


@pytest.mark.parametrize("q", [0.05, 0.1, 0.5, 0.9, 0.95])
@pytest.mark.parametrize("shape", SHAPES)
def test_negative_binomial_quantiles_match_scipy_stats(q: float, shape: float) -> None:
    shapes = np.full_like(MEANS, shape)
    expected = stats.nbinom.ppf(q, shapes, shapes / (shapes + MEANS))
    np.testing.assert_array_equal(nb_quantile(q, shapes, MEANS), expected)


@pytest.mark.parametrize("q", [0.05, 0.1, 0.5, 0.9, 0.95])
def test_poisson_quantiles_match_scipy_stats(q: float) -> None:
    np.testing.assert_array_equal(poisson_quantile(q, MEANS), stats.poisson.ppf(q, MEANS))


def test_worked_example_of_the_low_side() -> None:
    # 60 units expected on the forecast alone (shape 4) -> 25; with 60 units seen -> 47.
    assert nb_quantile(0.1, np.array([4.0]), np.array([60.0]))[0] == 25
    assert nb_quantile(0.1, np.array([64.0]), np.array([60.0]))[0] == 47


def test_interval_is_zero_for_no_demand_and_poisson_without_dispersion() -> None:
    low, high = nb_interval(np.array([0.0, 10.0]), 0.0)
    assert low.tolist() == [0.0, stats.poisson.ppf(0.1, 10.0)]
    assert high.tolist() == [0.0, stats.poisson.ppf(0.9, 10.0)]
