"""An embedding lookup followed by a linear layer in torch (no autograd):
e = E[ids], out = e W, L = sum(dout * out); vocabulary V = 5, N = 5 ids, E (5, 3), W (3, 2),
dout (5, 2): V equals N, so E^T @ dout has the shape of dW.
"""

import torch

from verify import derivation


def loss(E, W, ids, dout):
    return (dout * (E[ids] @ W)).sum()


def grad(E, W, ids, dout):
    e = E[ids]
    dW = E.T @ dout  # <- wrong
    de = dout @ W.T
    dE = torch.zeros_like(E).index_add(0, ids, de)
    return dE, dW


def grad_fixed(E, W, ids, dout):
    e = E[ids]
    dW = e.T @ dout
    de = dout @ W.T
    dE = torch.zeros_like(E).index_add(0, ids, de)
    return dE, dW


SPEC = dict(wrt=("E", "W"), shapes={"E": (5, 3), "W": (3, 2), "ids": (5,), "dout": (5, 2)},
            draws={"ids": ("labels", 5)})
case = derivation(loss, grad, **SPEC, name="k_embed_01")
CAUSE = "wrong-operand"
FIX = "The linear layer's input is the gathered rows e = E[ids], so dW = e.T @ dout."
