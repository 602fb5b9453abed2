"""2x2 max pooling with stride 2, fed an upstream gradient, numpy (argmax per window):
p = max_pool2d(x, 2), L = sum(G * p);
x (3, 2, 4, 6), G (3, 2, 2, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, G):
    return (G * F.max_pool2d(x, 2)).sum()


def grad(x, G):
    x, G = np.asarray(x), np.asarray(G)
    N, C, H, W = x.shape
    Ho, Wo = H // 2, W // 2
    win = x.reshape(N, C, Ho, 2, Wo, 2).transpose(0, 1, 2, 4, 3, 5).reshape(N, C, Ho, Wo, 4)
    k = win.argmax(axis=-1)
    dj, di = np.divmod(k, 2)  # <- wrong
    n, c, i, j = np.indices((N, C, Ho, Wo))
    dx = np.zeros_like(x)
    dx[n, c, 2 * i + di, 2 * j + dj] = G
    return dx


def grad_fixed(x, G):
    x, G = np.asarray(x), np.asarray(G)
    N, C, H, W = x.shape
    Ho, Wo = H // 2, W // 2
    win = x.reshape(N, C, Ho, 2, Wo, 2).transpose(0, 1, 2, 4, 3, 5).reshape(N, C, Ho, Wo, 4)
    k = win.argmax(axis=-1)
    di, dj = np.divmod(k, 2)
    n, c, i, j = np.indices((N, C, Ho, Wo))
    dx = np.zeros_like(x)
    dx[n, c, 2 * i + di, 2 * j + dj] = G
    return dx


SPEC = dict(wrt="x", shapes={"x": (3, 2, 4, 6), "G": (3, 2, 2, 3)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_maxpool_01")
CAUSE = "mask"
FIX = "The flat window index is 2 * row + col, so np.divmod(k, 2) gives (row, col) = (di, dj)."
