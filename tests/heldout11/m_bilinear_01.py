"""A bilinear scoring model fitted by least squares, numpy with a loop and np.outer:
s_n = x_n^T A y_n, L = 1/2 sum_n (s_n - t_n)^2;
x (4, 3), y (4, 3), A (3, 3), t (4,).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y, A, t):
    s = torch.einsum("ni,ij,nj->n", x, A, y)
    return 0.5 * ((s - t) ** 2).sum()


def grad(x, y, A, t):
    dA = np.zeros_like(A)
    for n in range(x.shape[0]):
        s = x[n] @ A @ y[n]
        r = s - t[n]
        dA += r * np.outer(y[n], x[n])  # <- wrong
    return dA


def grad_fixed(x, y, A, t):
    dA = np.zeros_like(A)
    for n in range(x.shape[0]):
        s = x[n] @ A @ y[n]
        r = s - t[n]
        dA += r * np.outer(x[n], y[n])
    return dA


SPEC = dict(wrt="A", shapes={"x": (4, 3), "y": (4, 3), "A": (3, 3), "t": (4,)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_bilinear_01")
CAUSE = "transpose"
FIX = "ds/dA_ij = x_i y_j, so the outer product is np.outer(x[n], y[n])."
