"""An affine + ReLU layer under an upstream gradient (dout/dx naming):
out = relu(x W + b), L = sum(dout * out); x (N, D), W (D, M), b (M,), dout (N, M); N = 3, D = 4, M = 3.
"""

import torch

from verify import derivation


def loss(x, W, b, dout):
    return (dout * torch.relu(x @ W + b)).sum()


def grad(x, W, b, dout):
    z = x @ W + b
    dz = dout * (z > 0)
    db = dz.sum(dim=1)  # <- wrong
    dW = x.T @ dz
    dx = dz @ W.T
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    z = x @ W + b
    dz = dout * (z > 0)
    db = dz.sum(dim=0)
    dW = x.T @ dz
    dx = dz @ W.T
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "M"), "b": ("M",), "dout": ("N", "M")},
            draws={}, sizes={"N": 3, "D": 4, "M": 3})
case = derivation(loss, grad, **SPEC, name="v_affine_03")
CAUSE = "reduction-axis"
FIX = "b is broadcast over the batch, so db sums dz over the examples, dim 0."
