"""An Adaline (linear neuron) fitted with torch's mean squared error:
L = mse_loss(X w, t) = 1/n sum_i (x_i . w - t_i)^2; X (n, d), w (d,), t (n,), n = 8, d = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(w, X, t):
    """L = mse_loss(X w, t), the mean of the squared errors."""
    return F.mse_loss(X @ w, t)


def grad(w, X, t):
    n = X.shape[0]
    net_input = np.dot(X, w)
    errors = net_input - t
    dw = X.T.dot(errors) / n  # <- wrong
    return dw


def grad_fixed(w, X, t):
    n = X.shape[0]
    net_input = np.dot(X, w)
    errors = net_input - t
    dw = 2.0 * X.T.dot(errors) / n
    return dw


SPEC = dict(wrt="w", shapes={"w": ("d",), "X": ("n", "d"), "t": ("n",)},
            sizes={"n": 8, "d": 3})
case = derivation(loss, grad, **SPEC, name="g_perceptron_02")
CAUSE = "mse-convention"
FIX = "mse_loss is 1/n sum e^2, so its gradient is 2/n X^T e, not the 1/2-sum convention's 1/n."
