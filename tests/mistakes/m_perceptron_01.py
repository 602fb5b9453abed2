"""Single sigmoid neuron, one example, in scalar loops (note 000):
O = sigma(sum_j x_j w_j), E = 1/2 (O - t)^2; x (4,), w (4,), t ().
"""

import math

import numpy as np
import torch

from verify import derivation


def loss(x, w, t):
    """E = 1/2 (O - t)^2 with O = sigma(sum_j x_j w_j)."""
    O = torch.sigmoid((x * w).sum())
    return 0.5 * (O - t) ** 2


def grad(x, w, t):
    J = len(w)
    a = 0.0
    for j in range(J):
        a += x[j] * w[j]
    O = 1.0 / (1.0 + math.exp(-a))
    dE_dO = 2 * (O - t)  # <- wrong
    delta = dE_dO * O * (1 - O)
    dw = np.zeros(J)
    for j in range(J):
        dw[j] = delta * x[j]
    return dw


def grad_fixed(x, w, t):
    J = len(w)
    a = 0.0
    for j in range(J):
        a += x[j] * w[j]
    O = 1.0 / (1.0 + math.exp(-a))
    dE_dO = O - t
    delta = dE_dO * O * (1 - O)
    dw = np.zeros(J)
    for j in range(J):
        dw[j] = delta * x[j]
    return dw


SPEC = dict(wrt="w", shapes={"x": (4,), "w": (4,), "t": ()}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_01")
CAUSE = "square-factor"
FIX = "E = 1/2 (O - t)^2 gives dE/dO = O - t: drop the 2."
