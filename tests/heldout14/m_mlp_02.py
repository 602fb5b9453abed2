"""Two-layer network in column-vector notation (examples are columns), numpy:
A1 = sigma(W1 X + b1), Y = W2 A1 + b2, E = (1/2) sum ||Y - T||^2;
W1 (H, D), b1 (H, 1), W2 (K, H), b2 (K, 1), X (D, N), T (K, N).
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, b1, W2, b2, X, T):
    A1 = torch.sigmoid(W1 @ X + b1)
    Y = W2 @ A1 + b2
    return 0.5 * ((Y - T) ** 2).sum()


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def grad(W1, b1, W2, b2, X, T):
    A1 = sigmoid(W1 @ X + b1)
    Y = W2 @ A1 + b2
    delta2 = Y - T
    delta1 = (W2 @ delta2) * A1 * (1 - A1)  # <- wrong
    dW2 = delta2 @ A1.T
    db2 = delta2.sum(axis=1, keepdims=True)
    dW1 = delta1 @ X.T
    db1 = delta1.sum(axis=1, keepdims=True)
    return dW1, db1, dW2, db2


def grad_fixed(W1, b1, W2, b2, X, T):
    A1 = sigmoid(W1 @ X + b1)
    Y = W2 @ A1 + b2
    delta2 = Y - T
    delta1 = (W2.T @ delta2) * A1 * (1 - A1)
    dW2 = delta2 @ A1.T
    db2 = delta2.sum(axis=1, keepdims=True)
    dW1 = delta1 @ X.T
    db1 = delta1.sum(axis=1, keepdims=True)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"W1": ("H", "D"), "b1": ("H", 1), "W2": ("K", "H"), "b2": ("K", 1),
                    "X": ("D", "N"), "T": ("K", "N")},
            draws={}, sizes={"D": 2, "H": 3, "K": 3, "N": 4})
case = derivation(loss, grad, **SPEC, name="m_mlp_02")
CAUSE = "transpose"
FIX = "The error flows back through the transpose of the output weights: delta1 = (W2^T delta2) * A1 (1 - A1)."
