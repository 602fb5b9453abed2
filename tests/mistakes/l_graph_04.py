"""The sigmoid node by node in torch: x -> (-1)x -> exp -> (+1) -> 1/s = y, L = sum(dout * y).

x (N, D), dout (N, D) the upstream gradient.
"""

import torch

from verify import derivation


def loss(x, dout):
    return (dout * torch.sigmoid(x)).sum()


def grad(x, dout):
    a = -x
    e = torch.exp(a)
    s = 1 + e
    y = 1 / s
    ds = -dout * y * y
    de = ds
    da = de * y  # <- wrong
    dx = -da
    return dx


def grad_fixed(x, dout):
    a = -x
    e = torch.exp(a)
    s = 1 + e
    y = 1 / s
    ds = -dout * y * y
    de = ds
    da = de * e
    dx = -da
    return dx


SPEC = dict(wrt="x", shapes={"x": (3, 3), "dout": (3, 3)})
case = derivation(loss, grad, **SPEC, name="l_graph_04")
CAUSE = "wrong-layer"
FIX = "The exp node's backward multiplies by its own output e, not by the sigmoid output y."
