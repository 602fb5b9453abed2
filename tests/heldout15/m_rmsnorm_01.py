"""RMSNorm over the last axis, numpy:
r = sqrt(mean_d x^2 + eps), y = g * x / r, L = sum(dout * y); x (4, 4), g (4,), dout (4, 4).
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-6


def loss(x, g, dout):
    y = x * torch.rsqrt((x * x).mean(-1, keepdim=True) + EPS) * g
    return (dout * y).sum()


def grad(x, g, dout):
    r = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + EPS)
    xn = x / r
    dg = np.sum(dout * xn, axis=0)
    dxn = dout * g
    s = np.mean(dxn * x, axis=0, keepdims=True)  # <- wrong
    dx = dxn / r - x * s / r ** 3
    return dx, dg


def grad_fixed(x, g, dout):
    r = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + EPS)
    xn = x / r
    dg = np.sum(dout * xn, axis=0)
    dxn = dout * g
    s = np.mean(dxn * x, axis=-1, keepdims=True)
    dx = dxn / r - x * s / r ** 3
    return dx, dg


SPEC = dict(wrt=("x", "g"), shapes={"x": (4, 4), "g": (4,), "dout": (4, 4)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_rmsnorm_01")
CAUSE = "reduction-axis"
FIX = "Each row has its own r, so the mean of dxn * x is taken over the last axis, per row."
