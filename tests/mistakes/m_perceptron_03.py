"""Multi-output sigmoid perceptron over a batch of N examples, the loss averaged:
E = 1/N sum_n 1/2 sum_k (O_nk - t_nk)^2, O = sigma(x w); x (N, J), w (J, K), t (N, K).
With N = 2 a missing 1/N looks like a stray factor 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, w, t):
    """E = 1/N sum_n 1/2 sum_k (O_nk - t_nk)^2 with O = sigma(x w)."""
    O = torch.sigmoid(x @ w)
    return 0.5 * ((O - t) ** 2).sum() / x.shape[0]


def grad(x, w, t):
    a = np.dot(x, w)
    O = 1 / (1 + np.exp(-a))
    dE_dO = O - t  # <- wrong
    delta = dE_dO * O * (1 - O)
    dE_dw = np.dot(x.T, delta)
    return dE_dw


def grad_fixed(x, w, t):
    a = np.dot(x, w)
    O = 1 / (1 + np.exp(-a))
    dE_dO = (O - t) / x.shape[0]
    delta = dE_dO * O * (1 - O)
    dE_dw = np.dot(x.T, delta)
    return dE_dw


SPEC = dict(wrt="w", shapes={"x": ("N", "J"), "w": ("J", "K"), "t": ("N", "K")},
            draws={"w": ("normal", 0.5), "t": "uniform"}, sizes={"N": 2, "J": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_perceptron_03")
CAUSE = "batch-mean"
FIX = "The loss averages over the N examples: divide (O - t) by N."
