"""Multi-output sigmoid perceptron, one example (note 000):
O_k = sigma(x_k^1), x_k^1 = sum_j x_j w_jk, E = 1/2 sum_k (O_k - t_k)^2; x (J,), w (J, K), t (K,).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, w, t):
    """E = 1/2 sum_k (O_k - t_k)^2 with O = sigma(x w)."""
    O = torch.sigmoid(x @ w)
    return 0.5 * ((O - t) ** 2).sum()


def grad(x, w, t):
    x_k = np.dot(x, w)
    O = 1 / (1 + np.exp(-x_k))
    dE_dO = O - t
    dO_dx_k = t * (1 - t)  # <- wrong
    delta = dE_dO * dO_dx_k
    return np.outer(x, delta)


def grad_fixed(x, w, t):
    x_k = np.dot(x, w)
    O = 1 / (1 + np.exp(-x_k))
    dE_dO = O - t
    dO_dx_k = O * (1 - O)
    delta = dE_dO * dO_dx_k
    return np.outer(x, delta)


SPEC = dict(wrt="w", shapes={"x": ("J",), "w": ("J", "K"), "t": ("K",)},
            draws={"w": ("normal", 0.5), "t": "uniform"}, sizes={"J": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_perceptron_13")
CAUSE = "wrong-operand"
FIX = "sigma' is O (1 - O) with the output O, not t (1 - t) with the target."
