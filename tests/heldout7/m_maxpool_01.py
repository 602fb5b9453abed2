"""2 x 2 max pooling with stride 2, numpy with loops over the output positions and a
max mask per window: out[n, c, i, j] = max of x[n, c, 2i:2i+2, 2j:2j+2],
checked through L = sum(dout * out); x (2, 3, 8, 10), dout (2, 3, 4, 5).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

POOL, STRIDE = 2, 2


def loss(x, dout):
    return (dout * F.max_pool2d(x, POOL, STRIDE)).sum()


def maxpool_backward(dout, x):
    dx = np.zeros_like(x)
    H_out, W_out = dout.shape[2], dout.shape[3]
    for i in range(H_out):
        for j in range(W_out):
            r, s = i * STRIDE, j * STRIDE
            win = x[:, :, r:r + POOL, s:s + POOL]
            mask = win == win.max(axis=(2, 3), keepdims=True)
            dx[:, :, i:i + POOL, j:j + POOL] += mask * dout[:, :, i:i + 1, j:j + 1]  # <- wrong
    return dx


def maxpool_backward_fixed(dout, x):
    dx = np.zeros_like(x)
    H_out, W_out = dout.shape[2], dout.shape[3]
    for i in range(H_out):
        for j in range(W_out):
            r, s = i * STRIDE, j * STRIDE
            win = x[:, :, r:r + POOL, s:s + POOL]
            mask = win == win.max(axis=(2, 3), keepdims=True)
            dx[:, :, r:r + POOL, s:s + POOL] += mask * dout[:, :, i:i + 1, j:j + 1]
    return dx


def grad(x, dout):
    return maxpool_backward(dout, x)


def grad_fixed(x, dout):
    return maxpool_backward_fixed(dout, x)


SPEC = dict(wrt="x",
            shapes={"x": (2, 3, 8, 10), "dout": (2, 3, 4, 5)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_maxpool_01")
CAUSE = "mask"
FIX = "The window's max mask belongs at the window's own place in x, rows r:r+2 and columns s:s+2 (stride applied)."
