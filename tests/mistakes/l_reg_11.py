"""A linear layer under torch's mse_loss, the mean over all N M outputs, gradient in numpy.

x (N, D), W (D, M), t (N, M), y = x W, L = mse_loss(y, t) = 1/(N M) sum (y - t)^2.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(W, x, t):
    return F.mse_loss(x @ W, t)


def grad(W, x, t):
    y = np.dot(x, W)
    n = y.shape[0]  # <- wrong
    dy = 2.0 * (y - t) / n
    dW = np.dot(x.T, dy)
    return dW


def grad_fixed(W, x, t):
    y = np.dot(x, W)
    n = y.size
    dy = 2.0 * (y - t) / n
    dW = np.dot(x.T, dy)
    return dW


SPEC = dict(wrt="W", shapes={"W": (3, 2), "x": (4, 3), "t": (4, 2)})
case = derivation(loss, grad, **SPEC, name="l_reg_11")
CAUSE = "mse-convention"
FIX = "mse_loss averages over every element: divide by y.size = N M, not N."
