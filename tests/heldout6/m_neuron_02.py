"""A single sigmoid neuron with two inputs on plain Python floats:
y = sigmoid(w1 x1 + w2 x2 + b), L = binary cross-entropy against a soft target t.
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(w1, w2, b, x1, x2, t):
    return F.binary_cross_entropy_with_logits(w1 * x1 + w2 * x2 + b, t)


def grad(w1, w2, b, x1, x2, t):
    z = float(w1) * float(x1) + float(w2) * float(x2) + float(b)
    y = 1.0 / (1.0 + math.exp(-z))
    dz = y - float(t)
    dw1 = dz * float(x1)
    dw2 = dz * float(x1)  # <- wrong
    db = dz
    return dw1, dw2, db


def grad_fixed(w1, w2, b, x1, x2, t):
    z = float(w1) * float(x1) + float(w2) * float(x2) + float(b)
    y = 1.0 / (1.0 + math.exp(-z))
    dz = y - float(t)
    dw1 = dz * float(x1)
    dw2 = dz * float(x2)
    db = dz
    return dw1, dw2, db


SPEC = dict(wrt=("w1", "w2", "b"),
            shapes={"w1": (), "w2": (), "b": (), "x1": (), "x2": (), "t": ()},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_neuron_02")
CAUSE = "wrong-operand"
FIX = "w2 multiplies x2, so dL/dw2 = dz * x2."
