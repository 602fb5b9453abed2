"""Exact GELU under an upstream gradient, pure Python:
y_i = x_i Phi(x_i) with Phi the standard normal CDF, L = sum_i g_i y_i; x (8,), g (8,).
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(x, g):
    return (g * F.gelu(x)).sum()


def grad(x, g):
    dx = []
    for xi, gi in zip(x.tolist(), g.tolist()):
        cdf = 0.5 * (1.0 + math.erf(xi / math.sqrt(2.0)))
        pdf = math.exp(-0.5 * xi * xi) / math.sqrt(2.0 * math.pi)
        local = cdf  # <- wrong
        dx.append(gi * local)
    return dx


def grad_fixed(x, g):
    dx = []
    for xi, gi in zip(x.tolist(), g.tolist()):
        cdf = 0.5 * (1.0 + math.erf(xi / math.sqrt(2.0)))
        pdf = math.exp(-0.5 * xi * xi) / math.sqrt(2.0 * math.pi)
        local = cdf + xi * pdf
        dx.append(gi * local)
    return dx


SPEC = dict(wrt="x", shapes={"x": (8,), "g": (8,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_gelu_01")
CAUSE = "missing-term"
FIX = "By the product rule (x Phi(x))' = Phi(x) + x phi(x)."
