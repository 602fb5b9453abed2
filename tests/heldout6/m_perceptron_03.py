"""A multi-output sigmoid perceptron in numpy: O = sigmoid(X W + b), E = 1/2 sum (O - T)^2;
X (N, D), W (D, K), b (K,), T (N, K) in (0.1, 0.9) with N = 7, D = 5, K = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W, b, T):
    O = torch.sigmoid(X @ W + b)
    return 0.5 * ((O - T) ** 2).sum()


def grad(X, W, b, T):
    z = X.dot(W) + b
    O = 1.0 / (1.0 + np.exp(-z))
    delta = (O - T) * z * (1 - z)  # <- wrong
    dW = X.T.dot(delta)
    db = delta.sum(axis=0)
    return dW, db


def grad_fixed(X, W, b, T):
    z = X.dot(W) + b
    O = 1.0 / (1.0 + np.exp(-z))
    delta = (O - T) * O * (1 - O)
    dW = X.T.dot(delta)
    db = delta.sum(axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "T": ("N", "K")},
            draws={"T": "uniform"}, sizes={"N": 7, "D": 5, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_03")
CAUSE = "activation-derivative-of-input"
FIX = "The sigmoid's derivative is O (1 - O) of its output O = sigmoid(z), not z (1 - z)."
