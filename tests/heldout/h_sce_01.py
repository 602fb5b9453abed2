"""Linear softmax classifier with the batch-mean cross-entropy (F.cross_entropy):
L = 1/N sum_n -log softmax(X W + b)_{n, y_n};
X (8, 5), W (5, 3), b (3,), y (8,) integer labels in [0, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, y):
    """L = cross_entropy(X W + b, y), averaged over the batch."""
    return F.cross_entropy(X @ W + b, y)


def grad(X, W, b, y):
    N = X.shape[0]
    scores = X @ W + b
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dW = X.T @ dscores  # <- wrong
    db = dscores.sum(axis=0) / N
    return dW, db


def grad_fixed(X, W, b, y):
    N = X.shape[0]
    scores = X @ W + b
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dW = X.T @ dscores / N
    db = dscores.sum(axis=0) / N
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": (8, 5), "W": (5, 3), "b": (3,), "y": (8,)},
            draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="h_sce_01")
CAUSE = "batch-mean"
FIX = "F.cross_entropy averages over the batch: dW = X^T dscores / N, like db."
