"""Poisson regression with a log link, numpy backward:
eta = X w, L = mean_n (exp(eta_n) - y_n eta_n) (F.poisson_nll_loss, log_input=True);
X (N, D), w (D,), y (N,) nonnegative counts-like targets, N = 10, D = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, y, w):
    return F.poisson_nll_loss(X @ w, y, log_input=True)


def grad(X, y, w):
    X, y, w = np.asarray(X), np.asarray(y), np.asarray(w)
    eta = X @ w
    mu = np.exp(eta)
    dw = X.T @ (mu - y)  # <- wrong
    return dw


def grad_fixed(X, y, w):
    X, y, w = np.asarray(X), np.asarray(y), np.asarray(w)
    eta = X @ w
    mu = np.exp(eta)
    dw = X.T @ (mu - y) / X.shape[0]
    return dw


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",)},
            draws={"X": ("normal", 0.5), "w": ("normal", 0.5), "y": "positive"},
            sizes={"N": 10, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_poisson_01")
CAUSE = "batch-mean"
FIX = "poisson_nll_loss averages over the batch, so divide X.T @ (mu - y) by N."
