"""Sigmoid perceptron with a bias over a batch (as many examples as outputs):
O = sigma(x w + b), E = 1/2 sum_n sum_k (O_nk - t_nk)^2; x (N, J), w (J, K), b (K,), t (N, K).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, w, b, t):
    """E = 1/2 sum_n sum_k (O_nk - t_nk)^2 with O = sigma(x w + b)."""
    O = torch.sigmoid(x @ w + b)
    return 0.5 * ((O - t) ** 2).sum()


def grad(x, w, b, t):
    a = np.dot(x, w) + b
    O = 1 / (1 + np.exp(-a))
    delta = (O - t) * O * (1 - O)
    dE_dw = np.dot(x.T, delta)
    dE_db = np.sum(delta, axis=1)  # <- wrong
    return dE_dw, dE_db


def grad_fixed(x, w, b, t):
    a = np.dot(x, w) + b
    O = 1 / (1 + np.exp(-a))
    delta = (O - t) * O * (1 - O)
    dE_dw = np.dot(x.T, delta)
    dE_db = np.sum(delta, axis=0)
    return dE_dw, dE_db


SPEC = dict(wrt=("w", "b"), shapes={"x": ("N", "J"), "w": ("J", "K"), "b": ("K",), "t": ("N", "K")},
            draws={"w": ("normal", 0.5), "t": "uniform"}, sizes={"N": 3, "J": 4, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_09")
CAUSE = "reduction-axis"
FIX = "b is added to every example: sum delta over the batch axis 0, not over the outputs."
