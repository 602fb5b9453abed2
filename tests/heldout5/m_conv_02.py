"""A 1-D convolution (stride 1, no padding) in naive numpy loops, as a regression layer
trained with F.mse_loss against a target sequence: out[n, f, i] = b[f] +
sum_{c,k} w[f, c, k] x[n, c, i + k]; x (3, 4, 12), w (5, 4, 3), b (5,), t (3, 5, 10).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def conv1d_forward(x, w, b):
    N, C, L = x.shape
    Fo, _, K = w.shape
    Lo = L - K + 1
    out = np.zeros((N, Fo, Lo), dtype=x.dtype)
    for n in range(N):
        for i in range(Lo):
            seg = x[n, :, i:i + K]
            out[n, :, i] = np.sum(w * seg[None], axis=(1, 2)) + b
    return out


def conv1d_backward_params(dout, x, w):
    Lo = dout.shape[2]
    K = w.shape[2]
    dw = np.zeros_like(w)
    for n in range(x.shape[0]):
        for i in range(Lo):
            dw += dout[n, :, i][:, None, None] * x[n, :, i:i + K][None]
    db = dout.sum(axis=(0, 2))
    return dw, db


def loss(x, w, b, t):
    return F.mse_loss(F.conv1d(x, w, b), t)


def grad(x, w, b, t):
    out = conv1d_forward(x, w, b)
    dout = out - t  # <- wrong
    dw, db = conv1d_backward_params(dout, x, w)
    return dw, db


def grad_fixed(x, w, b, t):
    out = conv1d_forward(x, w, b)
    dout = 2 * (out - t) / out.size
    dw, db = conv1d_backward_params(dout, x, w)
    return dw, db


SPEC = dict(numpy=True, wrt=("w", "b"),
            shapes={"x": (3, 4, 12), "w": (5, 4, 3), "b": (5,), "t": (3, 5, 10)})
case = derivation(loss, grad, **SPEC, name="m_conv_02")
CAUSE = "mse-convention"
FIX = "F.mse_loss averages the squares, so dL/dout = 2 (out - t) / out.size, not out - t."
