"""The penalised Poisson regression's solver: Newton's method with step halving."""

from __future__ import annotations

import numpy as np


def newton_poisson(x: np.ndarray, y: np.ndarray, offset: np.ndarray, precision: np.ndarray,
                    prior: np.ndarray, start: np.ndarray, *, iterations: int = 50,
                    weights: np.ndarray | None = None) -> np.ndarray:
    """Newton's method with step halving on the penalised Poisson log-likelihood.

    loss = sum(w (mu - y eta)) + sum(precision / 2 (beta - prior)^2), eta = offset + X beta,
    w the rows' weights (1 by default); gradient X'w(mu - y) + precision (beta - prior);
    Hessian X' diag(w mu) X + diag(precision), positive definite, so each step goes downhill
    until the step is tiny.
    """
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)

    def loss(beta: np.ndarray) -> float:
        eta = np.clip(offset + x @ beta, -30, 30)
        return float(np.sum(w * (np.exp(eta) - y * eta))
                     + 0.5 * np.sum(precision * (beta - prior)**2))

    beta = start.astype(float)
    current = loss(beta)
    for _ in range(iterations):
        mu = np.exp(np.clip(offset + x @ beta, -30, 30))
        grad = x.T @ (w * (mu - y)) + precision * (beta - prior)
        hessian = (x.T * (w * mu)) @ x + np.diag(precision)
        step = np.linalg.solve(hessian, grad)
        scale = 1.0
        while scale > 1e-4:
            candidate = beta - scale * step
            value = loss(candidate)
            if value <= current:
                break
            scale /= 2
        else:
            break
        beta, improvement, current = candidate, current - value, value
        if improvement < 1e-9 * (1 + abs(current)):
            break
    return beta
