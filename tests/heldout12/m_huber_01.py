"""Linear regression with the Huber loss (delta = 1), pure Python loops:
r_n = x_n . w + b - t_n, L = 1/N sum_n huber(r_n), huber(r) = r^2 / 2 if |r| <= 1 else |r| - 1/2;
x (N, D), w (D,), b (1,), t (N,), with N = 4, D = 2.
"""

import math

import torch.nn.functional as F

from verify import derivation

DELTA = 1.0


def loss(x, w, b, t):
    return F.huber_loss(x @ w + b, t, delta=DELTA)


def grad(x, w, b, t):
    n_rows, n_cols = len(x), len(w)
    gw = [0.0] * n_cols
    gb = 0.0
    for n in range(n_rows):
        row = [float(v) for v in x[n]]
        r = sum(row[d] * float(w[d]) for d in range(n_cols)) + float(b[0]) - float(t[n])
        g = r if abs(r) <= DELTA else DELTA  # <- wrong
        g /= n_rows
        for d in range(n_cols):
            gw[d] += g * row[d]
        gb += g
    return gw, [gb]


def grad_fixed(x, w, b, t):
    n_rows, n_cols = len(x), len(w)
    gw = [0.0] * n_cols
    gb = 0.0
    for n in range(n_rows):
        row = [float(v) for v in x[n]]
        r = sum(row[d] * float(w[d]) for d in range(n_cols)) + float(b[0]) - float(t[n])
        g = r if abs(r) <= DELTA else math.copysign(DELTA, r)
        g /= n_rows
        for d in range(n_cols):
            gw[d] += g * row[d]
        gb += g
    return gw, [gb]


SPEC = dict(wrt=("w", "b"),
            shapes={"x": ("N", "D"), "w": ("D",), "b": (1,), "t": ("N",)},
            draws={}, sizes={"N": 4, "D": 2})
case = derivation(loss, grad, **SPEC, name="m_huber_01")
CAUSE = "mask"
FIX = "Outside the quadratic zone the gradient is delta sign(r), which is -delta for r < -delta."
