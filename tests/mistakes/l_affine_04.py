"""An affine layer in torch, all three gradients, checked through L = sum(dout * out).

x (N, D), W (D, M), b (M,), out = x W + b, dout (N, M) the upstream gradient.
"""

import torch

from verify import derivation


def loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


def grad(x, W, b, dout):
    dx = torch.matmul(dout, W.t())
    dW = torch.matmul(x.t(), dout)
    db = dout.sum(dim=0)
    return dW, dx, db  # <- wrong


def grad_fixed(x, W, b, dout):
    dx = torch.matmul(dout, W.t())
    dW = torch.matmul(x.t(), dout)
    db = dout.sum(dim=0)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (3, 3), "W": (3, 3), "b": (3,), "dout": (3, 3)})
case = derivation(loss, grad, **SPEC, name="l_affine_04")
CAUSE = "return-order"
FIX = "Return (dx, dW, db), the order of wrt."
