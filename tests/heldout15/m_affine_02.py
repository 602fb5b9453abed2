"""An affine layer followed by a ReLU, torch:
y = relu(x W + b), L = sum(dout * y); x (4, 3), W (3, 4), b (4,), dout (4, 4).
"""

import torch

from verify import derivation


def loss(x, W, b, dout):
    return (dout * torch.relu(x @ W + b)).sum()


def grad(x, W, b, dout):
    z = x @ W + b
    dz = dout * (z > 0)
    dx = dz @ W.T
    dW = x.T @ dz
    db = dz.sum(dim=1)  # <- wrong
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    z = x @ W + b
    dz = dout * (z > 0)
    dx = dz @ W.T
    dW = x.T @ dz
    db = dz.sum(dim=0)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": (4, 3), "W": (3, 4), "b": (4,), "dout": (4, 4)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_affine_02")
CAUSE = "reduction-axis"
FIX = "The bias is broadcast over the batch rows, so db sums dz over dim 0."
