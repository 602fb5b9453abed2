"""1-D max pooling, window 2 and stride 2, numpy: out[n, i] = max(x[n, 2i], x[n, 2i + 1]),
loss = sum(dout * out); x (3, 8), dout (3, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, dout):
    out = torch.nn.functional.max_pool1d(x[:, None, :], kernel_size=2)[:, 0, :]
    return (dout * out).sum()


def grad(x, dout):
    N, L = x.shape
    windows = x.reshape(N, L // 2, 2)
    is_max = windows == windows.max(axis=2, keepdims=True)
    dwindows = dout[:, :, None] * np.ones_like(windows)  # <- wrong
    return dwindows.reshape(N, L)


def grad_fixed(x, dout):
    N, L = x.shape
    windows = x.reshape(N, L // 2, 2)
    is_max = windows == windows.max(axis=2, keepdims=True)
    dwindows = dout[:, :, None] * is_max
    return dwindows.reshape(N, L)


SPEC = dict(numpy=True, wrt="x", shapes={"x": (3, 8), "dout": (3, 4)})
case = derivation(loss, grad, **SPEC, name="m_pool_01")
CAUSE = "mask"
FIX = "Only the maximum of each window receives the gradient: multiply by the argmax mask, not by ones."
