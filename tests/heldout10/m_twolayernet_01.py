"""The course's TwoLayerNet: affine - ReLU - affine - softmax, numpy backward:
hidden = max(0, X W1 + b1), scores = hidden W2 + b2, L = mean cross-entropy;
X (N, D), W1 (D, H), W2 (H, C), y (N,) with N = 8, D = 4, H = 10, C = 3.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2):
    return F.cross_entropy(torch.relu(X @ W1 + b1) @ W2 + b2, y)


def grad(X, y, W1, b1, W2, b2):
    X, y, W1, b1, W2, b2 = map(np.asarray, (X, y, W1, b1, W2, b2))
    N = X.shape[0]
    hidden = np.maximum(0, X @ W1 + b1)
    scores = hidden @ W2 + b2
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    dscores = probs
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW2 = hidden.T @ dscores
    db2 = dscores.sum(axis=0)
    dhidden = dscores @ W2.T
    dhidden[hidden > 0] = 0  # <- wrong
    dW1 = X.T @ dhidden
    db1 = dhidden.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, y, W1, b1, W2, b2):
    X, y, W1, b1, W2, b2 = map(np.asarray, (X, y, W1, b1, W2, b2))
    N = X.shape[0]
    hidden = np.maximum(0, X @ W1 + b1)
    scores = hidden @ W2 + b2
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    dscores = probs
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW2 = hidden.T @ dscores
    db2 = dscores.sum(axis=0)
    dhidden = dscores @ W2.T
    dhidden[hidden <= 0] = 0
    dW1 = X.T @ dhidden
    db1 = dhidden.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "C"), "b2": ("C",)},
            draws={"y": ("labels", 3)}, sizes={"N": 8, "D": 4, "H": 10, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_twolayernet_01")
CAUSE = "mask"
FIX = "ReLU passes the gradient where it was active: zero dhidden where hidden <= 0."
