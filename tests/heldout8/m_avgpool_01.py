"""2x2 average pooling, flattened into a linear layer, half squared error, numpy:
p = avg_pool2d(x, 2), out = flatten(p) W, L = 1/(2N) sum (out - Y)^2;
x (3, 2, 4, 4), W (8, 2), Y (3, 2).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

POOL = 2


def loss(x, Y, W):
    out = F.avg_pool2d(x, POOL).flatten(1) @ W
    return 0.5 * ((out - Y) ** 2).sum() / x.shape[0]


def grad(x, Y, W):
    x, Y, W = np.asarray(x), np.asarray(Y), np.asarray(W)
    N, C, H, Wd = x.shape
    pooled = x.reshape(N, C, H // POOL, POOL, Wd // POOL, POOL).mean(axis=(3, 5))
    flat = pooled.reshape(N, -1)
    dout = (flat @ W - Y) / N
    dW = flat.T @ dout
    dpooled = (dout @ W.T).reshape(pooled.shape)
    dx = np.repeat(np.repeat(dpooled, POOL, axis=2), POOL, axis=3) / POOL  # <- wrong
    return dx, dW


def grad_fixed(x, Y, W):
    x, Y, W = np.asarray(x), np.asarray(Y), np.asarray(W)
    N, C, H, Wd = x.shape
    pooled = x.reshape(N, C, H // POOL, POOL, Wd // POOL, POOL).mean(axis=(3, 5))
    flat = pooled.reshape(N, -1)
    dout = (flat @ W - Y) / N
    dW = flat.T @ dout
    dpooled = (dout @ W.T).reshape(pooled.shape)
    dx = np.repeat(np.repeat(dpooled, POOL, axis=2), POOL, axis=3) / (POOL * POOL)
    return dx, dW


SPEC = dict(wrt=("x", "W"), shapes={"x": (3, 2, 4, 4), "Y": (3, 2), "W": (8, 2)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_avgpool_01")
CAUSE = "wrong-divisor"
FIX = "Each output averages POOL * POOL inputs, so each input gets dpooled / (POOL * POOL)."
