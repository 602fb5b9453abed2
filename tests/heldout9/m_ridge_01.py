"""Ridge regression, numpy gradient: pred = X w + b,
L = 1/(2N) ||pred - y||^2 + lam ||w||^2 with lam = 0.1;
X (N, D), w (D,), b (1,), y (N,) with N = 12, D = 5.
"""

import numpy as np
import torch

from verify import derivation

LAM = 0.1


def loss(X, y, w, b):
    N = X.shape[0]
    r = X @ w + b - y
    return 0.5 * (r ** 2).sum() / N + LAM * torch.sum(w ** 2)


def grad(X, y, w, b):
    X, y, w, b = np.asarray(X), np.asarray(y), np.asarray(w), np.asarray(b)
    N = X.shape[0]
    r = X @ w + b - y
    grad_w = X.T @ r / N
    grad_w += LAM * w  # <- wrong
    grad_b = np.array([r.sum() / N])
    return grad_w, grad_b


def grad_fixed(X, y, w, b):
    X, y, w, b = np.asarray(X), np.asarray(y), np.asarray(w), np.asarray(b)
    N = X.shape[0]
    r = X @ w + b - y
    grad_w = X.T @ r / N
    grad_w += 2 * LAM * w
    grad_b = np.array([r.sum() / N])
    return grad_w, grad_b


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={}, sizes={"N": 12, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_ridge_01")
CAUSE = "square-factor"
FIX = "The penalty lam ||w||^2 differentiates to 2 lam w, so grad_w += 2 * LAM * w."
