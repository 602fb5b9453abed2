"""Poisson regression, negative log-likelihood summed over the batch (no mean), torch:
eta = X w + b, L = sum_n (exp(eta_n) - y_n eta_n);
X (N, D), y (N,) positive counts, w (D,), b (1,) with N = 6, D = 3.
"""

import torch

from verify import derivation


def loss(X, y, w, b):
    eta = X @ w + b
    return (torch.exp(eta) - y * eta).sum()


def grad(X, y, w, b):
    N = X.shape[0]
    eta = X @ w + b
    rate = torch.exp(eta)
    deta = (rate - y) / N  # <- wrong
    dw = X.T @ deta
    db = deta.sum().reshape(1)
    return dw, db


def grad_fixed(X, y, w, b):
    N = X.shape[0]
    eta = X @ w + b
    rate = torch.exp(eta)
    deta = rate - y
    dw = X.T @ deta
    db = deta.sum().reshape(1)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={"X": ("normal", 0.5), "w": ("normal", 0.5), "y": ("positive", 2.0, 0.0)},
            sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_poisson_01")
CAUSE = "batch-mean"
FIX = "The likelihood is summed over the batch, so d L / d eta = exp(eta) - y with no 1/N."
