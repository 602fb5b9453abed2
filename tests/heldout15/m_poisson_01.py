"""Poisson regression by the summed negative log-likelihood, torch:
mu = exp(X w), L = sum_i (mu_i - y_i log mu_i) (up to a constant); X (6, 3), w (3,), y (6,) >= 0.
"""

import torch

from verify import derivation


def loss(X, w, y):
    eta = X @ w
    return (torch.exp(eta) - y * eta).sum()


def grad(X, w, y):
    N = X.shape[0]
    mu = torch.exp(X @ w)
    dw = X.T @ (mu - y) / N  # <- wrong
    return dw


def grad_fixed(X, w, y):
    N = X.shape[0]
    mu = torch.exp(X @ w)
    dw = X.T @ (mu - y)
    return dw


SPEC = dict(wrt="w", shapes={"X": (6, 3), "w": (3,), "y": (6,)},
            draws={"X": ("normal", 0.5), "w": ("normal", 0.5), "y": "positive"})
case = derivation(loss, grad, **SPEC, name="m_poisson_01")
CAUSE = "batch-mean"
FIX = "The loss sums over the examples, so dw = X^T (mu - y) with no 1/N."
