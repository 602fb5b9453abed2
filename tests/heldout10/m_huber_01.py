"""Robust line fit with the Huber loss, the gradient in pure Python:
pred_i = a x_i + c, r_i = pred_i - y_i, L = sum_i huber(r_i) with delta = 1
(huber(r) = r^2 / 2 for |r| <= 1, |r| - 1/2 beyond); theta = (a, c) (2,), x, y (N,), N = 12.
"""

import math

import torch.nn.functional as F

from verify import derivation

DELTA = 1.0


def loss(theta, x, y):
    pred = theta[0] * x + theta[1]
    return F.huber_loss(pred, y, reduction="sum", delta=DELTA)


def grad(theta, x, y):
    a, c = theta.tolist()
    g_a = 0.0
    g_c = 0.0
    for xi, yi in zip(x.tolist(), y.tolist()):
        r = a * xi + c - yi
        if abs(r) > DELTA:
            g_a += math.copysign(DELTA, r) * xi
            g_c += math.copysign(DELTA, r)
            continue
        dr = 2 * r  # <- wrong
        g_a += dr * xi
        g_c += dr
    return [g_a, g_c]


def grad_fixed(theta, x, y):
    a, c = theta.tolist()
    g_a = 0.0
    g_c = 0.0
    for xi, yi in zip(x.tolist(), y.tolist()):
        r = a * xi + c - yi
        if abs(r) > DELTA:
            g_a += math.copysign(DELTA, r) * xi
            g_c += math.copysign(DELTA, r)
            continue
        dr = r
        g_a += dr * xi
        g_c += dr
    return [g_a, g_c]


SPEC = dict(wrt="theta", shapes={"theta": (2,), "x": ("N",), "y": ("N",)},
            draws={}, sizes={"N": 12})
case = derivation(loss, grad, **SPEC, name="m_huber_01")
CAUSE = "square-factor"
FIX = "The quadratic part is r^2 / 2, whose derivative is r: the 1/2 cancels the 2, so dr = r."
