"""A single softplus neuron on plain Python floats: y = log(1 + e^(w x + b)),
L = 1/2 (y - t)^2; w, x, b, t scalars.
"""

import math

import torch

from verify import derivation


def loss(w, x, b, t):
    z = w * x + b
    y = torch.logaddexp(z, torch.zeros_like(z))
    return 0.5 * (y - t) ** 2


def grad(w, x, b, t):
    z = w * x + b
    y = math.log(1 + math.exp(z))
    dy = y - t
    dz = dy / (1 + math.exp(-z))
    dw = dz * x
    db = dz
    return db, dw  # <- wrong


def grad_fixed(w, x, b, t):
    z = w * x + b
    y = math.log(1 + math.exp(z))
    dy = y - t
    dz = dy / (1 + math.exp(-z))
    dw = dz * x
    db = dz
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": (), "x": (), "b": (), "t": ()}, draws={})
case = derivation(loss, grad, **SPEC, name="m_neuron_03")
CAUSE = "return-order"
FIX = "wrt is (w, b), so return dw, db."
