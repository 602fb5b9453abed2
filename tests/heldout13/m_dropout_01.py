"""Inverted dropout with a fixed mask before a linear map, under torch's mean squared error, numpy:
h = x * mask / (1 - p), out = h W, L = F.mse_loss(out, t); p = 0.5,
x (4, 3), mask (4, 3) in {0, 1}, W (3, 3), t (4, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

P_DROP = 0.5


def loss(x, mask, W, t):
    h = x * mask / (1 - P_DROP)
    return F.mse_loss(h @ W, t)


def grad(x, mask, W, t):
    x, mask, W, t = (np.asarray(a, dtype=float) for a in (x, mask, W, t))
    N = x.shape[0]
    h = x * mask / (1 - P_DROP)
    out = h @ W
    dout = (out - t) / N  # <- wrong
    dW = h.T @ dout
    dh = dout @ W.T
    dx = dh * mask / (1 - P_DROP)
    return dx, dW


def grad_fixed(x, mask, W, t):
    x, mask, W, t = (np.asarray(a, dtype=float) for a in (x, mask, W, t))
    N = x.shape[0]
    h = x * mask / (1 - P_DROP)
    out = h @ W
    dout = 2 * (out - t) / out.size
    dW = h.T @ dout
    dh = dout @ W.T
    dx = dh * mask / (1 - P_DROP)
    return dx, dW


SPEC = dict(wrt=("x", "W"), shapes={"x": (4, 3), "mask": (4, 3), "W": (3, 3), "t": (4, 3)},
            draws={"mask": ("labels", 2)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_dropout_01")
CAUSE = "mse-convention"
FIX = "F.mse_loss averages over every element with no 1/2, so dout = 2 (out - t) / out.size."
