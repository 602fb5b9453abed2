"""An affine layer followed by tanh, torch, L = sum(G * tanh(x W + b));
x (5, 3), W (3, 4), b (4,), G (5, 4).
"""

import torch

from verify import derivation


def loss(x, W, b, G):
    return (G * torch.tanh(x @ W + b)).sum()


def grad(x, W, b, G):
    out = torch.tanh(x @ W + b)
    dout = G * (1 - out ** 2)
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(dim=0)
    return dx, db, dW  # <- wrong


def grad_fixed(x, W, b, G):
    out = torch.tanh(x @ W + b)
    dout = G * (1 - out ** 2)
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(dim=0)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (5, 3), "W": (3, 4), "b": (4,), "G": (5, 4)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_affine_03")
CAUSE = "return-order"
FIX = "Return the gradients in the order of wrt: dx, dW, db."
