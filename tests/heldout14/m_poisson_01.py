"""Poisson regression with a log link, negative log-likelihood summed over the batch, torch:
mu = exp(X w), L = sum_n (mu_n - y_n log mu_n); X (N, D), w (D,), y (N,) > 0.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, w, y):
    return F.poisson_nll_loss(X @ w, y, log_input=True, full=False, reduction="sum")


def grad(X, w, y):
    eta = X @ w
    mu = torch.exp(eta)
    score = X.T @ (y - mu)  # <- wrong
    return score


def grad_fixed(X, w, y):
    eta = X @ w
    mu = torch.exp(eta)
    score = X.T @ (mu - y)
    return score


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "w": ("D",), "y": ("N",)},
            draws={"X": ("normal", 0.5), "y": "positive"}, sizes={"N": 6, "D": 2})
case = derivation(loss, grad, **SPEC, name="m_poisson_01")
CAUSE = "sign"
FIX = "The loss is the negative log-likelihood, so its gradient is X^T (mu - y)."
