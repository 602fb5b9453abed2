"""Ridge regression, numpy: L = mean_n (x_n . w - y_n)^2 + lam ||w||^2 with lam = 0.1 (no 1/2 anywhere);
X (N, D), w (D,), y (N,) with N = 6, D = 4 given as size names.
"""

import torch

from verify import derivation

LAM = 0.1


def loss(X, w, y):
    r = X @ w - y
    return (r ** 2).mean() + LAM * torch.sum(w ** 2)


def grad(X, w, y):
    n = X.shape[0]
    resid = X @ w - y
    g_data = 2.0 / n * (X.T @ resid)
    g_reg = LAM * w  # <- wrong
    return g_data + g_reg


def grad_fixed(X, w, y):
    n = X.shape[0]
    resid = X @ w - y
    g_data = 2.0 / n * (X.T @ resid)
    g_reg = 2 * LAM * w
    return g_data + g_reg


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "w": ("D",), "y": ("N",)}, sizes={"N": 6, "D": 4})
case = derivation(loss, grad, **SPEC, name="p_ridge_01")
CAUSE = "square-factor"
FIX = "The penalty lam ||w||^2 has no 1/2, so its gradient is 2 lam w, not lam w."
