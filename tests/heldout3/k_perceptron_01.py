"""One sigmoid neuron in pure-Python scalars: y = sigma(w x + b), E = 1/2 (y - t)^2;
w, b, x and t are scalars (shape ()), t drawn in (0, 1); gradient with respect to w and b.
"""

import math

import torch

from verify import derivation


def loss(w, b, x, t):
    y = torch.sigmoid(w * x + b)
    return 0.5 * (y - t) ** 2


def grad(w, b, x, t):
    w, b, x, t = float(w), float(b), float(x), float(t)
    z = w * x + b
    y = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
    dE_dy = y - t
    dE_dz = dE_dy  # <- wrong
    dE_dw = dE_dz * x
    dE_db = dE_dz
    return dE_dw, dE_db


def grad_fixed(w, b, x, t):
    w, b, x, t = float(w), float(b), float(x), float(t)
    z = w * x + b
    y = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
    dE_dy = y - t
    dE_dz = dE_dy * y * (1.0 - y)
    dE_dw = dE_dz * x
    dE_db = dE_dz
    return dE_dw, dE_db


SPEC = dict(wrt=("w", "b"), shapes={"w": (), "b": (), "x": (), "t": ()}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="k_perceptron_01")
CAUSE = "activation-derivative-missing"
FIX = "The chain rule passes through the sigmoid: dE/dz = (y - t) * y * (1 - y)."
