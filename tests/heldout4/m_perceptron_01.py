"""Single-output sigmoid perceptron, one example, numpy, in the course's notation:
O = sigma(sum_j x_j w_j), E = 1/2 (O - t)^2; w (5,), x (5,), t () in (0, 1).
The gradient dE/dw is written next to the update rule the course uses.
"""

import numpy as np
import torch

from verify import derivation


def loss(w, x, t):
    O = torch.sigmoid(x @ w)
    return 0.5 * (O - t) ** 2


def grad(w, x, t):
    O = 1.0 / (1.0 + np.exp(-np.dot(x, w)))
    delta = (t - O) * O * (1 - O)  # <- wrong
    return delta * x


def grad_fixed(w, x, t):
    O = 1.0 / (1.0 + np.exp(-np.dot(x, w)))
    delta = (O - t) * O * (1 - O)
    return delta * x


SPEC = dict(numpy=True, wrt="w", shapes={"w": 5, "x": 5, "t": ()}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_01")
CAUSE = "sign"
FIX = "dE/dO = O - t, not t - O: the update rule's (t - O) already carries the descent minus sign."
