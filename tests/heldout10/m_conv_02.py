"""A 1-D convolution (cross-correlation, one channel, no padding) with loops, numpy backward:
y[n, i] = sum_k w[k] x[n, i + k] + b, L = sum(dout * y); x (3, 7), w (3,), b (1,), dout (3, 5).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, w, b, dout):
    y = F.conv1d(x[:, None, :], w[None, None, :], b)[:, 0, :]
    return (dout * y).sum()


def grad(x, w, b, dout):
    x, w, dout = np.asarray(x), np.asarray(w), np.asarray(dout)
    N, L = x.shape
    K = w.shape[0]
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for n in range(N):
        for i in range(L - K + 1):
            for k in range(K):
                dw[k] += dout[n, i] * x[n, i]  # <- wrong
                dx[n, i + k] += dout[n, i] * w[k]
    db = np.array([dout.sum()])
    return dx, dw, db


def grad_fixed(x, w, b, dout):
    x, w, dout = np.asarray(x), np.asarray(w), np.asarray(dout)
    N, L = x.shape
    K = w.shape[0]
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for n in range(N):
        for i in range(L - K + 1):
            for k in range(K):
                dw[k] += dout[n, i] * x[n, i + k]
                dx[n, i + k] += dout[n, i] * w[k]
    db = np.array([dout.sum()])
    return dx, dw, db


SPEC = dict(wrt=("x", "w", "b"),
            shapes={"x": (3, 7), "w": (3,), "b": (1,), "dout": (3, 5)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_conv_02")
CAUSE = "wrong-operand"
FIX = "Tap k sees the input x[n, i + k], so dw[k] accumulates dout[n, i] * x[n, i + k]."
