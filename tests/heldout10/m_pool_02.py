"""1-D max pooling with a window of 2 and stride 2, numpy backward with loops:
y = max_pool1d(x, 2), L = sum(dout * y); x (3, 8), dout (3, 4).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

K = 2


def loss(x, dout):
    return (dout * F.max_pool1d(x[:, None, :], K)[:, 0, :]).sum()


def grad(x, dout):
    x, dout = np.asarray(x), np.asarray(dout)
    N, L = x.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for j in range(L // K):
            window = x[n, j * K:(j + 1) * K]
            dx[n, j * K:(j + 1) * K] += dout[n, j]  # <- wrong
    return dx


def grad_fixed(x, dout):
    x, dout = np.asarray(x), np.asarray(dout)
    N, L = x.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for j in range(L // K):
            window = x[n, j * K:(j + 1) * K]
            dx[n, j * K + np.argmax(window)] += dout[n, j]
    return dx


SPEC = dict(wrt="x", shapes={"x": (3, 8), "dout": (3, 4)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_pool_02")
CAUSE = "mask"
FIX = "Max pooling routes dout only to the window's maximum: dx[n, j*K + argmax(window)]."
