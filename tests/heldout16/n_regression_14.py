"""Cubic polynomial regression trained with nn.MSELoss, numpy:
phi(x) = [x, x^2, x^3], o = phi(x) a + c, L = MSELoss()(o, t) = 1/n sum_i (o_i - t_i)^2;
x (9,), a (3,), c (1,), t (9,).
"""

import numpy as np
import torch
import torch.nn as nn

from verify import derivation

criterion = nn.MSELoss()


def loss(x, a, c, t):
    phi = torch.stack([x, x ** 2, x ** 3], dim=1)
    return criterion(phi @ a + c, t)


def grad(x, a, c, t):
    n = x.shape[0]
    phi = np.stack([x, x ** 2, x ** 3], axis=1)
    r = phi @ a + c - t
    g = r / n  # <- wrong
    da = phi.T @ g
    dc = np.array([g.sum()])
    return da, dc


def grad_fixed(x, a, c, t):
    n = x.shape[0]
    phi = np.stack([x, x ** 2, x ** 3], axis=1)
    r = phi @ a + c - t
    g = 2 * r / n
    da = phi.T @ g
    dc = np.array([g.sum()])
    return da, dc


SPEC = dict(wrt=("a", "c"), shapes={"x": (9,), "a": (3,), "c": (1,), "t": (9,)})
case = derivation(loss, grad, **SPEC, name="n_regression_14")
CAUSE = "mse-convention"
FIX = "nn.MSELoss is the plain mean of squares with no 1/2, so g = 2 * r / n."
