"""2x2 max pooling with stride 2, written with loops like a course's max_pool_backward_naive,
numpy: out[n, c, i, j] = max of x[n, c, 2i:2i+2, 2j:2j+2], L = sum(dout * out);
x (N, C, H, W), dout (N, C, H/2, W/2) with N = 2, C = 2, H = 4, W = 6.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

POOL = 2


def loss(x, dout):
    return (dout * F.max_pool2d(x, POOL)).sum()


def grad(x, dout):
    x, dout = np.asarray(x), np.asarray(dout)
    N, C, H, W = x.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(H // POOL):
                for j in range(W // POOL):
                    window = x[n, c, i * POOL:(i + 1) * POOL, j * POOL:(j + 1) * POOL]
                    idx = np.argmax(window)
                    r, s = idx % POOL, idx // POOL  # <- wrong
                    dx[n, c, i * POOL + r, j * POOL + s] += dout[n, c, i, j]
    return dx


def grad_fixed(x, dout):
    x, dout = np.asarray(x), np.asarray(dout)
    N, C, H, W = x.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(H // POOL):
                for j in range(W // POOL):
                    window = x[n, c, i * POOL:(i + 1) * POOL, j * POOL:(j + 1) * POOL]
                    idx = np.argmax(window)
                    r, s = idx // POOL, idx % POOL
                    dx[n, c, i * POOL + r, j * POOL + s] += dout[n, c, i, j]
    return dx


SPEC = dict(wrt="x", shapes={"x": (2, 2, 4, 6), "dout": (2, 2, 2, 3)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_pool_02")
CAUSE = "mask"
FIX = "np.argmax of a 2x2 window is row-major, so the row is idx // POOL and the column idx % POOL."
