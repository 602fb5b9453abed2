"""An affine layer's backward in torch, written with einsum: out = x W + b,
checked through L = sum(dout * out); x (N, D), W (D, M), b (M,), dout (N, M) with N = 8, D = 3, M = 6.
"""

import torch

from verify import derivation


def loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


def grad(x, W, b, dout):
    db = dout.sum(dim=1)  # <- wrong
    dW = torch.einsum("nd,nm->dm", x, dout)
    dx = torch.einsum("nm,dm->nd", dout, W)
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    db = dout.sum(dim=0)
    dW = torch.einsum("nd,nm->dm", x, dout)
    dx = torch.einsum("nm,dm->nd", dout, W)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "M"), "b": ("M",), "dout": ("N", "M")},
            draws={}, sizes={"N": 8, "D": 3, "M": 6})
case = derivation(loss, grad, **SPEC, name="m_affine_02")
CAUSE = "reduction-axis"
FIX = "The bias is broadcast over the batch, so db sums dout over the batch axis 0."
