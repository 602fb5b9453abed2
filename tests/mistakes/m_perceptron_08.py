"""Two-output sigmoid perceptron, one example (note 000):
a_k = sum_j x_j w_jk, O_k = sigma(a_k), E = 1/2 sum_k (O_k - t_k)^2; x (4,), w (4, 2), t (2,).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, w, t):
    """E = 1/2 sum_k (O_k - t_k)^2 with O = sigma(x w)."""
    O = torch.sigmoid(x @ w)
    return 0.5 * ((O - t) ** 2).sum()


def grad(x, w, t):
    a = np.dot(x, w)
    O = 1 / (1 + np.exp(-a))
    dO_da = a * (1 - a)  # <- wrong
    delta = (O - t) * dO_da
    dE_dw = np.outer(x, delta)
    return dE_dw


def grad_fixed(x, w, t):
    a = np.dot(x, w)
    O = 1 / (1 + np.exp(-a))
    dO_da = O * (1 - O)
    delta = (O - t) * dO_da
    dE_dw = np.outer(x, delta)
    return dE_dw


SPEC = dict(wrt="w", shapes={"x": (4,), "w": (4, 2), "t": (2,)},
            draws={"w": ("normal", 0.5), "t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_08")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(a) = O (1 - O) uses the output O = sigma(a), not the pre-activation a."
