"""A 1-d convolution layer (cross-correlation, stride 1, no padding) with an upstream gradient, numpy loops:
y[n, o, l] = b[o] + sum_{c,k} w[o, c, k] x[n, c, l + k], L = sum(G * y);
x (2, 3, 6), w (4, 3, 3), b (4,), G (2, 4, 4) (4 output channels, 4 output positions).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, w, b, G):
    return (G * F.conv1d(x, w, b)).sum()


def grad(x, w, b, G):
    K = w.shape[2]
    L_out = x.shape[2] - K + 1
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for k in range(K):
        window = x[:, :, k:k + L_out]                            # (N, C_in, L_out)
        dw[:, :, k] = np.einsum("nol,ncl->oc", G, window)
        dx[:, :, k:k + L_out] += np.einsum("nol,oc->ncl", G, w[:, :, k])
    db = G.sum(axis=(0, 1))  # <- wrong
    return dx, dw, db


def grad_fixed(x, w, b, G):
    K = w.shape[2]
    L_out = x.shape[2] - K + 1
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for k in range(K):
        window = x[:, :, k:k + L_out]                            # (N, C_in, L_out)
        dw[:, :, k] = np.einsum("nol,ncl->oc", G, window)
        dx[:, :, k:k + L_out] += np.einsum("nol,oc->ncl", G, w[:, :, k])
    db = G.sum(axis=(0, 2))
    return dx, dw, db


SPEC = dict(wrt=("x", "w", "b"), shapes={"x": (2, 3, 6), "w": (4, 3, 3), "b": (4,), "G": (2, 4, 4)})
case = derivation(loss, grad, **SPEC, name="n_conv1d_30")
CAUSE = "reduction-axis"
FIX = "Each output channel's bias is added at every example and position, so db = G.sum(axis=(0, 2))."
