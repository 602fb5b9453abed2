"""A multi-output sigmoid perceptron trained with nn.MSELoss, numpy:
O = sigma(X W), L = MSELoss()(O, T) = mean over all N K entries of (O - T)^2;
X (6, 4), W (4, 3), T (6, 3) in (0, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W, T):
    return torch.nn.MSELoss()(torch.sigmoid(X @ W), T)


def grad(X, W, T):
    N = X.shape[0]
    O = 1 / (1 + np.exp(-X.dot(W)))
    dO = 2 * (O - T) / N  # <- wrong
    delta = dO * O * (1 - O)
    return X.T.dot(delta)


def grad_fixed(X, W, T):
    N = X.shape[0]
    O = 1 / (1 + np.exp(-X.dot(W)))
    dO = 2 * (O - T) / O.size
    delta = dO * O * (1 - O)
    return X.T.dot(delta)


SPEC = dict(wrt="W", shapes={"X": (6, 4), "W": (4, 3), "T": (6, 3)}, draws={"T": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_multiperceptron_01")
CAUSE = "mse-convention"
FIX = "MSELoss averages over all N K entries, so dO = 2 (O - T) / (N K), not / N."
