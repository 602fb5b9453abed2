"""Least-squares fit of a cubic polynomial with PyTorch's mean squared error, pure Python:
y_n = sum_k a_k x_n^k (k = 0..3), L = F.mse_loss(y, t) = 1/N sum_n (y_n - t_n)^2;
a (4,), x (6,), t (6,).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(a, x, t):
    powers = torch.stack([x ** k for k in range(a.shape[0])], dim=1)
    return F.mse_loss(powers @ a, t)


def grad(a, x, t):
    a, x, t = a.tolist(), x.tolist(), t.tolist()
    N = len(x)
    da = [0.0] * len(a)
    for n in range(N):
        y = 0.0
        for k in range(len(a)):
            y += a[k] * x[n] ** k
        r = y - t[n]  # <- wrong
        for k in range(len(a)):
            da[k] += r * x[n] ** k
    return da


def grad_fixed(a, x, t):
    a, x, t = a.tolist(), x.tolist(), t.tolist()
    N = len(x)
    da = [0.0] * len(a)
    for n in range(N):
        y = 0.0
        for k in range(len(a)):
            y += a[k] * x[n] ** k
        r = 2.0 * (y - t[n]) / N
        for k in range(len(a)):
            da[k] += r * x[n] ** k
    return da


SPEC = dict(wrt="a", shapes={"a": (4,), "x": (6,), "t": (6,)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_polyfit_01")
CAUSE = "mse-convention"
FIX = "F.mse_loss is (1/N) sum of squares without 1/2, so dL/dy_n = 2 (y_n - t_n) / N."
