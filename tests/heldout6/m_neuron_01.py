"""A single tanh neuron on plain Python floats: y = tanh(w x + b), L = (y - t)^2;
w, x, b, t scalars.
"""

import math

import torch

from verify import derivation


def loss(w, x, b, t):
    return (torch.tanh(w * x + b) - t) ** 2


def grad(w, x, b, t):
    z = float(w) * float(x) + float(b)
    y = math.tanh(z)
    dy = y - float(t)  # <- wrong
    dz = dy * (1 - y * y)
    dw = dz * float(x)
    db = dz
    return dw, db


def grad_fixed(w, x, b, t):
    z = float(w) * float(x) + float(b)
    y = math.tanh(z)
    dy = 2 * (y - float(t))
    dz = dy * (1 - y * y)
    dw = dz * float(x)
    db = dz
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": (), "x": (), "b": (), "t": ()},
            draws={"t": ("uniform", -0.9, 0.9)})
case = derivation(loss, grad, **SPEC, name="m_neuron_01")
CAUSE = "square-factor"
FIX = "The loss is a plain square, so dL/dy = 2 (y - t)."
