"""Fitting a cubic polynomial by gradient descent, the gradient in pure Python:
pred_i = sum_k c_k x_i^k (k = 0..3), L = F.mse_loss(pred, y) (mean, no 1/2);
c (4,), x, y (N,) with N = 9.
"""

import torch.nn.functional as F

from verify import derivation


def loss(c, x, y):
    pred = c[0] + c[1] * x + c[2] * x ** 2 + c[3] * x ** 3
    return F.mse_loss(pred, y)


def grad(c, x, y):
    cs, xs, ys = c.tolist(), x.tolist(), y.tolist()
    n = len(xs)
    g = [0.0] * len(cs)
    for xi, yi in zip(xs, ys):
        pred = sum(ck * xi ** k for k, ck in enumerate(cs))
        err = pred - yi
        for k in range(len(cs)):
            g[k] += err * xi ** k / n  # <- wrong
    return g


def grad_fixed(c, x, y):
    cs, xs, ys = c.tolist(), x.tolist(), y.tolist()
    n = len(xs)
    g = [0.0] * len(cs)
    for xi, yi in zip(xs, ys):
        pred = sum(ck * xi ** k for k, ck in enumerate(cs))
        err = pred - yi
        for k in range(len(cs)):
            g[k] += 2 * err * xi ** k / n
    return g


SPEC = dict(wrt="c", shapes={"c": (4,), "x": ("N",), "y": ("N",)},
            draws={}, sizes={"N": 9})
case = derivation(loss, grad, **SPEC, name="m_polyfit_01")
CAUSE = "mse-convention"
FIX = "The gradient follows the 1/(2n) convention, but mse_loss has no 1/2: multiply by 2."
