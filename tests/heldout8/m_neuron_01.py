"""A single tanh neuron on one example, written with Python scalars:
o = tanh(sum_i w_i x_i + b), L = (o - t)^2 (no 1/2);
x (4,), w (4,), b (1,), t (1,).
"""

import math

import numpy as np
import torch

from verify import derivation


def loss(x, t, w, b):
    o = torch.tanh((w * x).sum() + b[0])
    return (o - t[0]) ** 2


def grad(x, t, w, b):
    z = float(b[0])
    for i in range(len(w)):
        z += float(w[i]) * float(x[i])
    o = math.tanh(z)
    dz = (o - float(t[0])) * (1 - o * o)  # <- wrong
    dw = [dz * float(x[i]) for i in range(len(x))]
    db = [dz]
    return np.array(dw), np.array(db)


def grad_fixed(x, t, w, b):
    z = float(b[0])
    for i in range(len(w)):
        z += float(w[i]) * float(x[i])
    o = math.tanh(z)
    dz = 2 * (o - float(t[0])) * (1 - o * o)
    dw = [dz * float(x[i]) for i in range(len(x))]
    db = [dz]
    return np.array(dw), np.array(db)


SPEC = dict(wrt=("w", "b"),
            shapes={"x": (4,), "t": (1,), "w": (4,), "b": (1,)},
            draws={"t": ("uniform", -0.9, 0.9)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_neuron_01")
CAUSE = "square-factor"
FIX = "The loss has no 1/2, so the square's derivative keeps its 2: dz = 2 (o - t) (1 - o^2)."
