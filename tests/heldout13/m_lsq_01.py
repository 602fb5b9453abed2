"""Least squares with the halved mean of squared residuals, torch:
r = X w - y, L = 1/(2N) sum_n r_n^2; X (N, D), w (D,), y (N,) with N = 2, D = 3.
"""

from verify import derivation


def loss(X, w, y):
    r = X @ w - y
    return (r ** 2).sum() / (2 * X.shape[0])


def grad(X, w, y):
    N = X.shape[0]
    pred = X @ w
    resid = pred - y
    dpred = 2 * resid / N  # <- wrong
    dw = X.T @ dpred
    return dw


def grad_fixed(X, w, y):
    N = X.shape[0]
    pred = X @ w
    resid = pred - y
    dpred = resid / N
    dw = X.T @ dpred
    return dw


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "w": ("D",), "y": ("N",)},
            draws={}, sizes={"N": 2, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_lsq_01")
CAUSE = "square-factor"
FIX = "The 1/2 of the loss cancels the square's 2, so dpred = resid / N."
