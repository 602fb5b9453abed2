"""RMSNorm over the features, numpy backward: ms = mean(x^2) over the last axis + eps,
y = g * x / sqrt(ms), L = sum(dout * y);
x (N, D), g (D,), dout (N, D) with N = 4, D = 6, eps = 1e-5.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, g, dout):
    y = x / torch.sqrt((x ** 2).mean(-1, keepdim=True) + EPS) * g
    return (dout * y).sum()


def grad(x, g, dout):
    x, g, dout = np.asarray(x), np.asarray(g), np.asarray(dout)
    N, D = x.shape
    ms = (x ** 2).mean(axis=-1, keepdims=True) + EPS
    rms = np.sqrt(ms)
    xhat = x / rms
    dg = (dout * xhat).sum(axis=0)
    dxhat = dout * g
    dms = -0.5 * (dxhat * x).sum(axis=-1, keepdims=True) / ms ** 1.5
    dx = dxhat / rms + dms * 2 * x / N  # <- wrong
    return dx, dg


def grad_fixed(x, g, dout):
    x, g, dout = np.asarray(x), np.asarray(g), np.asarray(dout)
    N, D = x.shape
    ms = (x ** 2).mean(axis=-1, keepdims=True) + EPS
    rms = np.sqrt(ms)
    xhat = x / rms
    dg = (dout * xhat).sum(axis=0)
    dxhat = dout * g
    dms = -0.5 * (dxhat * x).sum(axis=-1, keepdims=True) / ms ** 1.5
    dx = dxhat / rms + dms * 2 * x / D
    return dx, dg


SPEC = dict(wrt=("x", "g"), shapes={"x": ("N", "D"), "g": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 6})
case = derivation(loss, grad, **SPEC, name="m_rms_01")
CAUSE = "wrong-divisor"
FIX = "ms is a mean over the D features of a row, so dms/dx = 2 x / D."
