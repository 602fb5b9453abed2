"""Single sigmoid neuron with weight decay:
E = 1/2 (O - t)^2 + LAMBDA/2 sum_j w_j^2, O = sigma(x . w); x (5,), w (5,), t ().
"""

import numpy as np
import torch

from verify import derivation

LAMBDA = 0.1


def loss(x, w, t):
    """E = 1/2 (O - t)^2 + LAMBDA/2 ||w||^2 with O = sigma(x . w)."""
    O = torch.sigmoid(x @ w)
    return 0.5 * (O - t) ** 2 + 0.5 * LAMBDA * (w ** 2).sum()


def grad(x, w, t):
    a = np.dot(x, w)
    O = 1 / (1 + np.exp(-a))
    delta = (O - t) * O * (1 - O)
    dE_dw = delta * x  # <- wrong
    return dE_dw


def grad_fixed(x, w, t):
    a = np.dot(x, w)
    O = 1 / (1 + np.exp(-a))
    delta = (O - t) * O * (1 - O)
    dE_dw = delta * x + LAMBDA * w
    return dE_dw


SPEC = dict(wrt="w", shapes={"x": (5,), "w": (5,), "t": ()},
            draws={"w": ("normal", 0.5), "t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_11")
CAUSE = "missing-term"
FIX = "Add the weight decay's gradient LAMBDA w to dE/dw."
