"""A two-layer ReLU network with a softmax classifier, CS231n-style numpy:
h = max(0, X W1 + b1), scores = h W2 + b2, L = mean cross-entropy;
X (N, D), W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), y (N,) labels with N = 6, D = 4, H = 10, C = 5.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2):
    return F.cross_entropy(torch.relu(X @ W1 + b1) @ W2 + b2, y)


def grad(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    hidden = np.maximum(0, X.dot(W1) + b1)
    scores = hidden.dot(W2) + b2
    exp_scores = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    dscores = probs
    dscores[range(N), y] -= 1
    dscores /= N
    dW2 = np.dot(hidden.T, dscores)
    db2 = np.sum(dscores, axis=0)
    dhidden = np.dot(dscores, W2.T)
    dhidden[hidden < 0] = 0  # <- wrong
    dW1 = np.dot(X.T, dhidden)
    db1 = np.sum(dhidden, axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    hidden = np.maximum(0, X.dot(W1) + b1)
    scores = hidden.dot(W2) + b2
    exp_scores = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    dscores = probs
    dscores[range(N), y] -= 1
    dscores /= N
    dW2 = np.dot(hidden.T, dscores)
    db2 = np.sum(dscores, axis=0)
    dhidden = np.dot(dscores, W2.T)
    dhidden[hidden <= 0] = 0
    dW1 = np.dot(X.T, dhidden)
    db1 = np.sum(dhidden, axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "C"), "b2": ("C",)},
            draws={"y": ("labels", 5)}, sizes={"N": 6, "D": 4, "H": 10, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_mlp_05")
CAUSE = "mask"
FIX = "The ReLU output is never negative, so the mask must zero where hidden <= 0 (the units that were off)."
