"""Poisson regression with a log link and F.poisson_nll_loss (mean), torch:
eta = X w + b, mu = exp(eta), L = mean_n (mu_n - y_n eta_n);
X (12, 3), w (3,), b (1,), y (12,) non-negative counts-like targets.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, w, b):
    return F.poisson_nll_loss(X @ w + b, y, log_input=True)


def grad(X, y, w, b):
    N = X.shape[0]
    eta = X @ w + b
    mu = torch.exp(eta)
    r = (y - mu) / N  # <- wrong
    dw = X.T @ r
    db = r.sum(0, keepdim=True)
    return dw, db


def grad_fixed(X, y, w, b):
    N = X.shape[0]
    eta = X @ w + b
    mu = torch.exp(eta)
    r = (mu - y) / N
    dw = X.T @ r
    db = r.sum(0, keepdim=True)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": (12, 3), "y": (12,), "w": (3,), "b": (1,)},
            draws={"y": ("positive", 2.0, 0.0)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_poisson_01")
CAUSE = "sign"
FIX = "d/d eta of (exp(eta) - y eta) is mu - y, so r = (mu - y) / N."
