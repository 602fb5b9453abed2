"""The CS231n two-layer net: affine - ReLU - affine - softmax, mean cross-entropy over N:
L = 1/N sum_i -log softmax(relu(X W1 + b1) W2 + b2)_{i, y_i}; X (5, 4), W1 (4, 6), W2 (6, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(W1, b1, W2, b2, X, y):
    """L = F.cross_entropy(scores, y) (the mean over the batch)."""
    scores = F.relu(X @ W1 + b1) @ W2 + b2
    return F.cross_entropy(scores, y)


def grad(W1, b1, W2, b2, X, y):
    N = X.shape[0]
    hidden = np.maximum(0, X.dot(W1) + b1)
    scores = hidden.dot(W2) + b2
    scores = scores - np.max(scores, axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= np.sum(probs, axis=1, keepdims=True)
    onehot = np.zeros_like(probs)
    onehot[np.arange(N), y] = 1
    dscores = probs - onehot  # <- wrong
    dW2 = hidden.T.dot(dscores)
    db2 = np.sum(dscores, axis=0)
    dhidden = dscores.dot(W2.T)
    dhidden[hidden <= 0] = 0
    dW1 = X.T.dot(dhidden)
    db1 = np.sum(dhidden, axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(W1, b1, W2, b2, X, y):
    N = X.shape[0]
    hidden = np.maximum(0, X.dot(W1) + b1)
    scores = hidden.dot(W2) + b2
    scores = scores - np.max(scores, axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= np.sum(probs, axis=1, keepdims=True)
    onehot = np.zeros_like(probs)
    onehot[np.arange(N), y] = 1
    dscores = (probs - onehot) / N
    dW2 = hidden.T.dot(dscores)
    db2 = np.sum(dscores, axis=0)
    dhidden = dscores.dot(W2.T)
    dhidden[hidden <= 0] = 0
    dW1 = X.T.dot(dhidden)
    db1 = np.sum(dhidden, axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"W1": ("D", "H"), "b1": ("H",), "W2": ("H", "C"), "b2": ("C",),
                    "X": ("N", "D"), "y": ("N",)},
            sizes={"N": 5, "D": 4, "H": 6, "C": 3},
            draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="g_mlp_03")
CAUSE = "batch-mean"
FIX = "The loss is the batch mean, so dscores = (probs - onehot) / N."
