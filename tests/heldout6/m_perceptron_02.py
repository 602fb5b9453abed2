"""A multi-output sigmoid perceptron trained with torch's mse_loss:
O = sigmoid(X W + b), L = F.mse_loss(O, T); X (6, 4), W (4, 3), b (3,), T (6, 3) in (0.1, 0.9).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, T):
    return F.mse_loss(torch.sigmoid(X @ W + b), T)


def grad(X, W, b, T):
    O = torch.sigmoid(X @ W + b)
    dO = O - T  # <- wrong
    delta = dO * O * (1 - O)
    dW = X.T @ delta
    db = delta.sum(dim=0)
    return dW, db


def grad_fixed(X, W, b, T):
    O = torch.sigmoid(X @ W + b)
    dO = 2 * (O - T) / O.numel()
    delta = dO * O * (1 - O)
    dW = X.T @ delta
    db = delta.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": (6, 4), "W": (4, 3), "b": (3,), "T": (6, 3)},
            draws={"T": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_02")
CAUSE = "mse-convention"
FIX = "F.mse_loss is the mean of the squares over all N K outputs, so dO = 2 (O - T) / (N K)."
