"""A computation graph of two nodes, torch: d = x - y (subtract node), f = d * z (multiply
node), loss = sum(f); x, y, z (5,). Gradients of x, y, z.
"""

import torch

from verify import derivation


def loss(x, y, z):
    return ((x - y) * z).sum()


def grad(x, y, z):
    d = x - y
    df = torch.ones_like(d)
    dd = df * z
    dz = df * d
    dx = dd
    dy = dd  # <- wrong
    return dx, dy, dz


def grad_fixed(x, y, z):
    d = x - y
    df = torch.ones_like(d)
    dd = df * z
    dz = df * d
    dx = dd
    dy = -dd
    return dx, dy, dz


SPEC = dict(wrt=("x", "y", "z"), shapes={"x": 5, "y": 5, "z": 5})
case = derivation(loss, grad, **SPEC, name="m_graph_01")
CAUSE = "sign"
FIX = "The subtract node passes -dd to its second input: d(x - y)/dy = -1."
