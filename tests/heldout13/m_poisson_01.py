"""Poisson regression with the mean negative log-likelihood, pure Python:
z_n = x_n . w, L = 1/N sum_n (exp(z_n) - y_n z_n); X (N, D), w (D,), y (N,) >= 0
with N = 3, D = 2.
"""

import math

from verify import derivation


def loss(X, w, y):
    z = X @ w
    return (z.exp() - y * z).mean()


def grad(X, w, y):
    rows = X.tolist()
    ws = w.tolist()
    ys = y.tolist()
    N, D = len(rows), len(ws)
    dw = [0.0] * D
    for n in range(N):
        z = sum(rows[n][j] * ws[j] for j in range(D))
        rate = math.exp(z)
        g = rate - ys[n]  # <- wrong
        for j in range(D):
            dw[j] += g * rows[n][j]
    return dw


def grad_fixed(X, w, y):
    rows = X.tolist()
    ws = w.tolist()
    ys = y.tolist()
    N, D = len(rows), len(ws)
    dw = [0.0] * D
    for n in range(N):
        z = sum(rows[n][j] * ws[j] for j in range(D))
        rate = math.exp(z)
        g = (rate - ys[n]) / N
        for j in range(D):
            dw[j] += g * rows[n][j]
    return dw


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "w": ("D",), "y": ("N",)},
            draws={"y": "positive"}, sizes={"N": 3, "D": 2})
case = derivation(loss, grad, **SPEC, name="m_poisson_01")
CAUSE = "batch-mean"
FIX = "The loss is a mean over the N examples, so g = (rate - y_n) / N."
