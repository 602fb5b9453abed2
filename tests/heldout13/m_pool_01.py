"""Max pooling over non-overlapping windows of 2 under an upstream gradient, numpy:
p[n, j] = max(x[n, 2j], x[n, 2j + 1]), L = sum(G * p); x (3, 6), G (3, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, G):
    return (G * F.max_pool1d(x[:, None, :], 2)[:, 0, :]).sum()


def grad(x, G):
    x, G = np.asarray(x), np.asarray(G)
    N, L = x.shape
    windows = x.reshape(N, L // 2, 2)
    pooled = windows.max(axis=2)
    is_max = windows == pooled[:, :, None]
    dwin = is_max * pooled[:, :, None]  # <- wrong
    dx = dwin.reshape(N, L)
    return dx


def grad_fixed(x, G):
    x, G = np.asarray(x), np.asarray(G)
    N, L = x.shape
    windows = x.reshape(N, L // 2, 2)
    pooled = windows.max(axis=2)
    is_max = windows == pooled[:, :, None]
    dwin = is_max * G[:, :, None]
    dx = dwin.reshape(N, L)
    return dx


SPEC = dict(wrt="x", shapes={"x": (3, 6), "G": (3, 3)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_pool_01")
CAUSE = "wrong-operand"
FIX = "The window's maximum receives the upstream gradient G, not the pooled value."
