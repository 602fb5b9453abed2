"""A 1-D convolution layer (valid, stride 1, cross-correlation as in torch), numpy backward with a
loop over the kernel taps: out[n, f, l] = b_f + sum_{c,k} w[f, c, k] x[n, c, l + k],
checked through L = sum(dout * out); x (2, 3, 9), w (5, 3, 4), b (5,), dout (2, 5, 6).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, w, b, dout):
    return (dout * F.conv1d(x, w, b)).sum()


def conv1d_backward(dout, x, w):
    K = w.shape[2]
    L_out = x.shape[2] - K + 1
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for k in range(K):
        xs = x[:, :, k:k + L_out]
        dw[:, :, k] = np.einsum("nfl,ncl->fc", dout, xs)
        dx[:, :, k:k + L_out] += np.einsum("nfl,fc->ncl", dout, w[:, :, k])
    db = np.sum(dout, axis=0)  # <- wrong
    return dx, dw, db


def conv1d_backward_fixed(dout, x, w):
    K = w.shape[2]
    L_out = x.shape[2] - K + 1
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for k in range(K):
        xs = x[:, :, k:k + L_out]
        dw[:, :, k] = np.einsum("nfl,ncl->fc", dout, xs)
        dx[:, :, k:k + L_out] += np.einsum("nfl,fc->ncl", dout, w[:, :, k])
    db = np.sum(dout, axis=(0, 2))
    return dx, dw, db


def grad(x, w, b, dout):
    return conv1d_backward(dout, x, w)


def grad_fixed(x, w, b, dout):
    return conv1d_backward_fixed(dout, x, w)


SPEC = dict(wrt=("x", "w", "b"),
            shapes={"x": (2, 3, 9), "w": (5, 3, 4), "b": (5,), "dout": (2, 5, 6)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_conv1d_01")
CAUSE = "reduction-axis"
FIX = "Each filter's bias is added at every position of every example: db = dout.sum(axis=(0, 2))."
