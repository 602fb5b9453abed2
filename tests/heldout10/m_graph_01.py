"""The add-then-multiply circuit of the computation-graph lecture, elementwise, torch:
q = x + y, f = q * z, L = sum(f); x, y, z (5,).
"""

import torch

from verify import derivation


def loss(x, y, z):
    return ((x + y) * z).sum()


def grad(x, y, z):
    q = x + y
    df = torch.ones_like(q)
    dq = z * df
    dz = q * df
    dx = dq
    dy = dq
    return dz, dx, dy  # <- wrong


def grad_fixed(x, y, z):
    q = x + y
    df = torch.ones_like(q)
    dq = z * df
    dz = q * df
    dx = dq
    dy = dq
    return dx, dy, dz


SPEC = dict(wrt=("x", "y", "z"), shapes={"x": (5,), "y": (5,), "z": (5,)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_graph_01")
CAUSE = "return-order"
FIX = "Return the gradients in the order of wrt: dx, dy, dz."
