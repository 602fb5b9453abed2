"""Single sigmoid neuron, gradients for the input and the weights:
O = sigma(x . w), E = 1/2 (O - t)^2; x (4,), w (4,), t (); wrt = (x, w).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, w, t):
    """E = 1/2 (O - t)^2 with O = sigma(x . w)."""
    O = torch.sigmoid(x @ w)
    return 0.5 * (O - t) ** 2


def grad(x, w, t):
    a = np.dot(x, w)
    O = 1 / (1 + np.exp(-a))
    delta = (O - t) * O * (1 - O)
    dE_dx = delta * w
    dE_dw = delta * x
    return dE_dw, dE_dx  # <- wrong


def grad_fixed(x, w, t):
    a = np.dot(x, w)
    O = 1 / (1 + np.exp(-a))
    delta = (O - t) * O * (1 - O)
    dE_dx = delta * w
    dE_dw = delta * x
    return dE_dx, dE_dw


SPEC = dict(wrt=("x", "w"), shapes={"x": (4,), "w": (4,), "t": ()},
            draws={"w": ("normal", 0.5), "t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_14")
CAUSE = "return-order"
FIX = "wrt is (x, w): return dE/dx first, then dE/dw."
