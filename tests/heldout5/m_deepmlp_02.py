"""A three-layer ReLU classifier written out layer by layer in numpy, two hidden layers of
the same width: scores = relu(relu(X W1 + b1) W2 + b2) W3 + b3, mean softmax cross-entropy;
X (8, 5), W1 (5, 6), W2 (6, 6), W3 (6, 3), b1 (6,), b2 (6,), b3 (3,), y (8,) labels in 0..2.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2, W3, b3):
    a1 = torch.relu(X @ W1 + b1)
    a2 = torch.relu(a1 @ W2 + b2)
    return F.cross_entropy(a2 @ W3 + b3, y)


def grad(X, y, W1, b1, W2, b2, W3, b3):
    N = X.shape[0]
    z1 = X @ W1 + b1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2 + b2
    a2 = np.maximum(z2, 0)
    scores = a2 @ W3 + b3
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW3 = a2.T @ dscores
    da2 = dscores @ W3.T
    dz2 = da2 * (z2 > 0)
    dW2 = dz2.T @ a1  # <- wrong
    da1 = dz2 @ W2.T
    dz1 = da1 * (z1 > 0)
    dW1 = X.T @ dz1
    return dW1, dW2, dW3


def grad_fixed(X, y, W1, b1, W2, b2, W3, b3):
    N = X.shape[0]
    z1 = X @ W1 + b1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2 + b2
    a2 = np.maximum(z2, 0)
    scores = a2 @ W3 + b3
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW3 = a2.T @ dscores
    da2 = dscores @ W3.T
    dz2 = da2 * (z2 > 0)
    dW2 = a1.T @ dz2
    da1 = dz2 @ W2.T
    dz1 = da1 * (z1 > 0)
    dW1 = X.T @ dz1
    return dW1, dW2, dW3


SPEC = dict(numpy=True, wrt=("W1", "W2", "W3"),
            shapes={"X": (8, 5), "y": (8,), "W1": (5, 6), "b1": (6,), "W2": (6, 6),
                    "b2": (6,), "W3": (6, 3), "b3": (3,)},
            draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_02")
CAUSE = "transpose"
FIX = "With z2 = a1 W2 the weight gradient is a1^T dz2; dz2^T a1 is its transpose, unnoticed as W2 is square."
