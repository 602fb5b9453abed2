"""2x2 max pooling with stride 2, naive numpy loops as in max_pool_backward_naive: each
upstream value goes to the position of its window's maximum; loss = sum(dout * maxpool(x));
x (3, 4, 6, 8), dout (3, 4, 3, 4).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

POOL = 2
STRIDE = 2


def loss(x, dout):
    return (dout * F.max_pool2d(x, POOL, STRIDE)).sum()


def grad(x, dout):
    N, C, H, W = x.shape
    Ho = (H - POOL) // STRIDE + 1
    Wo = (W - POOL) // STRIDE + 1
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    hs, ws = i * STRIDE, j * STRIDE
                    window = x[n, c, hs:hs + POOL, ws:ws + POOL]
                    mask = window == window.max(axis=0)  # <- wrong
                    dx[n, c, hs:hs + POOL, ws:ws + POOL] += mask * dout[n, c, i, j]
    return dx


def grad_fixed(x, dout):
    N, C, H, W = x.shape
    Ho = (H - POOL) // STRIDE + 1
    Wo = (W - POOL) // STRIDE + 1
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    hs, ws = i * STRIDE, j * STRIDE
                    window = x[n, c, hs:hs + POOL, ws:ws + POOL]
                    mask = window == window.max()
                    dx[n, c, hs:hs + POOL, ws:ws + POOL] += mask * dout[n, c, i, j]
    return dx


SPEC = dict(numpy=True, wrt="x", shapes={"x": (3, 4, 6, 8), "dout": (3, 4, 3, 4)})
case = derivation(loss, grad, **SPEC, name="m_pool_02")
CAUSE = "mask"
FIX = "The mask must mark the single maximum of the whole window, window.max(), not each column's."
