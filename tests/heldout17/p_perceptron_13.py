"""Sigmoid perceptron layer on a batch, trained with F.mse_loss, numpy:
O = sigmoid(X W), L = mse_loss(O, T), the mean of (O - T)^2 over all N*K entries;
X (5, 3), W (3, 2), T (5, 2) targets in (0.1, 0.9).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, T):
    return F.mse_loss(torch.sigmoid(X @ W), T)


def grad(X, W, T):
    O = 1 / (1 + np.exp(-X.dot(W)))
    dO = (O - T) / O.size  # <- wrong
    return X.T.dot(dO * O * (1 - O))


def grad_fixed(X, W, T):
    O = 1 / (1 + np.exp(-X.dot(W)))
    dO = 2 * (O - T) / O.size
    return X.T.dot(dO * O * (1 - O))


SPEC = dict(wrt="W", shapes={"X": (5, 3), "W": (3, 2), "T": (5, 2)}, draws={"T": "uniform"})
case = derivation(loss, grad, **SPEC, name="p_perceptron_13")
CAUSE = "mse-convention"
FIX = "mse_loss is the mean of squares with no 1/2, so dL/dO = 2 (O - T) / numel."
