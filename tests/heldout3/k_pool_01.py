"""2x2 average pooling with stride 2 in numpy, forward and backward by reshaping:
x (N, C, H, W) = (2, 3, 4, 6) -> out (2, 3, 2, 3), L = sum(dout * out); dout (2, 3, 2, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, dout):
    return (dout * F.avg_pool2d(x, 2)).sum()


def grad(x, dout):
    N, C, H, W = x.shape
    kh = kw = 2
    g = dout / kh  # <- wrong
    g = g[:, :, :, None, :, None]
    dx = np.broadcast_to(g, (N, C, H // kh, kh, W // kw, kw))
    return dx.reshape(N, C, H, W)


def grad_fixed(x, dout):
    N, C, H, W = x.shape
    kh = kw = 2
    g = dout / (kh * kw)
    g = g[:, :, :, None, :, None]
    dx = np.broadcast_to(g, (N, C, H // kh, kh, W // kw, kw))
    return dx.reshape(N, C, H, W)


SPEC = dict(wrt="x", shapes={"x": (2, 3, 4, 6), "dout": (2, 3, 2, 3)})
case = derivation(loss, grad, **SPEC, name="k_pool_01")
CAUSE = "wrong-divisor"
FIX = "Each output averages kh * kw = 4 inputs, so each input gets dout / (kh * kw)."
