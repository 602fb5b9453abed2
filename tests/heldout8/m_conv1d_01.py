"""A 1-D convolution (valid, stride 1) with a bias and a half sum of squares, numpy with einsum:
out[n, o, t] = sum_{c, j} K[o, c, j] x[n, c, t + j] + b[o], L = 1/2 sum (out - T)^2;
x (2, 3, 8), K (4, 3, 3), b (4,), T (2, 4, 6).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, T, K, b):
    windows = x.unfold(2, K.shape[2], 1)
    out = torch.einsum("nclj,ocj->nol", windows, K) + b[:, None]
    return 0.5 * ((out - T) ** 2).sum()


def grad(x, T, K, b):
    x, T, K, b = (np.asarray(a) for a in (x, T, K, b))
    k = K.shape[2]
    Lout = x.shape[2] - k + 1
    out = np.zeros(T.shape) + b[None, :, None]
    for j in range(k):
        out += np.einsum("oc,ncl->nol", K[:, :, j], x[:, :, j:j + Lout])
    dout = out - T
    db = dout.sum(axis=(0, 1))  # <- wrong
    dK = np.zeros_like(K)
    dx = np.zeros_like(x)
    for j in range(k):
        dK[:, :, j] = np.einsum("nol,ncl->oc", dout, x[:, :, j:j + Lout])
        dx[:, :, j:j + Lout] += np.einsum("nol,oc->ncl", dout, K[:, :, j])
    return dx, dK, db


def grad_fixed(x, T, K, b):
    x, T, K, b = (np.asarray(a) for a in (x, T, K, b))
    k = K.shape[2]
    Lout = x.shape[2] - k + 1
    out = np.zeros(T.shape) + b[None, :, None]
    for j in range(k):
        out += np.einsum("oc,ncl->nol", K[:, :, j], x[:, :, j:j + Lout])
    dout = out - T
    db = dout.sum(axis=(0, 2))
    dK = np.zeros_like(K)
    dx = np.zeros_like(x)
    for j in range(k):
        dK[:, :, j] = np.einsum("nol,ncl->oc", dout, x[:, :, j:j + Lout])
        dx[:, :, j:j + Lout] += np.einsum("nol,oc->ncl", dout, K[:, :, j])
    return dx, dK, db


SPEC = dict(wrt=("x", "K", "b"),
            shapes={"x": (2, 3, 8), "T": (2, 4, 6), "K": (4, 3, 3), "b": (4,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_conv1d_01")
CAUSE = "reduction-axis"
FIX = "The bias is per output channel, so its gradient sums dout over the batch and time axes (0, 2)."
