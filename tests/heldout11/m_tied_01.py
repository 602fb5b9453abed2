"""An autoencoder with tied weights (the decoder uses W^T), torch:
h = sigma(x W + b), r = h W^T + c, L = 1/2 sum_{n,d} (r_nd - x_nd)^2;
x (N, D), W (D, H), b (H,), c (D,) with N = 5, D = 4, H = 3.
"""

import torch

from verify import derivation


def loss(x, W, b, c):
    h = torch.sigmoid(x @ W + b)
    return 0.5 * ((h @ W.T + c - x) ** 2).sum()


def grad(x, W, b, c):
    h = torch.sigmoid(x @ W + b)
    r = h @ W.T + c
    dr = r - x
    dc = dr.sum(dim=0)
    dh = dr @ W
    dz = dh * h * (1 - h)
    db = dz.sum(dim=0)
    dW = dr.T @ h  # <- wrong
    return dW, db, dc


def grad_fixed(x, W, b, c):
    h = torch.sigmoid(x @ W + b)
    r = h @ W.T + c
    dr = r - x
    dc = dr.sum(dim=0)
    dh = dr @ W
    dz = dh * h * (1 - h)
    db = dz.sum(dim=0)
    dW = dr.T @ h + x.T @ dz
    return dW, db, dc


SPEC = dict(wrt=("W", "b", "c"),
            shapes={"x": ("N", "D"), "W": ("D", "H"), "b": ("H",), "c": ("D",)},
            draws={}, sizes={"N": 5, "D": 4, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_tied_01")
CAUSE = "missing-term"
FIX = "W is used by the encoder as well as the decoder, so dW adds the encoder's x^T dz."
