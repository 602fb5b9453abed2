"""A bilinear similarity fitted to scores, one example at a time, numpy:
s_n = x_n^T A y_n, L = 1/2 sum_n (s_n - t_n)^2;
x (4, 3), y (4, 3), A (3, 3), t (4,).
"""

import numpy as np

from verify import derivation


def loss(x, y, A, t):
    s = ((x @ A) * y).sum(dim=1)
    return 0.5 * ((s - t) ** 2).sum()


def grad(x, y, A, t):
    x, y, A, t = (np.asarray(v) for v in (x, y, A, t))
    dA = np.zeros_like(A)
    for n in range(x.shape[0]):
        s = x[n] @ A @ y[n]
        r = s - t[n]
        g = np.outer(y[n], x[n])  # <- wrong
        dA += r * g
    return dA


def grad_fixed(x, y, A, t):
    x, y, A, t = (np.asarray(v) for v in (x, y, A, t))
    dA = np.zeros_like(A)
    for n in range(x.shape[0]):
        s = x[n] @ A @ y[n]
        r = s - t[n]
        g = np.outer(x[n], y[n])
        dA += r * g
    return dA


SPEC = dict(wrt=("A",), shapes={"x": (4, 3), "y": (4, 3), "A": (3, 3), "t": (4,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_bilinear_01")
CAUSE = "transpose"
FIX = "ds/dA_ij = x_i y_j, so the outer product is np.outer(x_n, y_n)."
