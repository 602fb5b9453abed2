"""A one-dimensional convolution (valid, stride 1) under an upstream gradient, torch:
y[n, o, l] = b[o] + sum_{c, k} w[o, c, k] x[n, c, l + k], L = sum(G * y);
x (2, 2, 5), w (3, 2, 3), b (3,), G (2, 3, 3).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, w, b, G):
    return (G * F.conv1d(x, w, b)).sum()


def grad(x, w, b, G):
    taps = w.shape[2]
    out_len = G.shape[2]
    dw = torch.stack([torch.einsum("nol,ncl->oc", G, x[:, :, k:k + out_len])
                      for k in range(taps)], dim=2)
    db = G.sum(dim=(0, 1))  # <- wrong
    return dw, db


def grad_fixed(x, w, b, G):
    taps = w.shape[2]
    out_len = G.shape[2]
    dw = torch.stack([torch.einsum("nol,ncl->oc", G, x[:, :, k:k + out_len])
                      for k in range(taps)], dim=2)
    db = G.sum(dim=(0, 2))
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"x": (2, 2, 5), "w": (3, 2, 3), "b": (3,), "G": (2, 3, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_conv1d_01")
CAUSE = "reduction-axis"
FIX = "A channel's bias is summed over the batch and the positions: G.sum(dim=(0, 2))."
