"""A multi-channel 1-D convolution (cross-correlation, valid) with bias, torch, backward
written tap by tap: y = conv1d(x, w, b), L = sum(G * y);
x (3, 4, 7) as (N, C_in, L), w (5, 4, 3), b (5,), G (3, 5, 5).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, w, b, G):
    return (G * F.conv1d(x, w, b)).sum()


def grad(x, w, b, G):
    K = w.shape[2]
    Lout = x.shape[2] - K + 1
    dw = torch.zeros_like(w)
    dx = torch.zeros_like(x)
    for k in range(K):
        dw[:, :, k] = torch.einsum("nol,nil->oi", G, x[:, :, k:k + Lout])
        dx[:, :, k:k + Lout] += torch.einsum("nol,oi->nil", G, w[:, :, k])
    db = G.sum(dim=(0, 1))  # <- wrong
    return dx, dw, db


def grad_fixed(x, w, b, G):
    K = w.shape[2]
    Lout = x.shape[2] - K + 1
    dw = torch.zeros_like(w)
    dx = torch.zeros_like(x)
    for k in range(K):
        dw[:, :, k] = torch.einsum("nol,nil->oi", G, x[:, :, k:k + Lout])
        dx[:, :, k:k + Lout] += torch.einsum("nol,oi->nil", G, w[:, :, k])
    db = G.sum(dim=(0, 2))
    return dx, dw, db


SPEC = dict(wrt=("x", "w", "b"),
            shapes={"x": (3, 4, 7), "w": (5, 4, 3), "b": (5,), "G": (3, 5, 5)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_conv_02")
CAUSE = "reduction-axis"
FIX = "Each output channel's bias is summed over the batch and positions, dims (0, 2)."
