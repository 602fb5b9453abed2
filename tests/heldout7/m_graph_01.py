"""A small computational graph on scalars, backpropagated node by node in plain Python:
u = x y (multiply), v = u + z (add), s = tanh(v), f = s w (multiply), L = f;
x, y, z, w scalars (shape ()).
"""

import math

import torch

from verify import derivation


def loss(x, y, z, w):
    return torch.tanh(x * y + z) * w


def grad(x, y, z, w):
    x, y, z, w = float(x), float(y), float(z), float(w)
    u = x * y
    v = u + z
    s = math.tanh(v)
    df = 1.0
    ds = df * w
    dw = df * s
    dv = ds * (1.0 - s * s)
    du = dv
    dz = dv
    dx = du * u  # <- wrong
    dy = du * x
    return dx, dy, dz, dw


def grad_fixed(x, y, z, w):
    x, y, z, w = float(x), float(y), float(z), float(w)
    u = x * y
    v = u + z
    s = math.tanh(v)
    df = 1.0
    ds = df * w
    dw = df * s
    dv = ds * (1.0 - s * s)
    du = dv
    dz = dv
    dx = du * y
    dy = du * x
    return dx, dy, dz, dw


SPEC = dict(wrt=("x", "y", "z", "w"),
            shapes={"x": (), "y": (), "z": (), "w": ()},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_graph_01")
CAUSE = "wrong-operand"
FIX = "A multiply node sends back dout times the other input: dx = du * y, not du times the node's output u."
