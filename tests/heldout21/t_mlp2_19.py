"""Two-layer network with a sigmoid hidden layer and a softmax output, numpy (CS231n style).

h = sigmoid(X W1 + b1), scores = h W2 + b2, L = mean cross-entropy; X (4, 3), W1 (3, 5),
b1 (5,), W2 (5, 2), b2 (2,), y (4,) labels in {0, 1}.  Gradients wrt W1, b1, W2, b2.
Mistake: the hidden delta is the back-propagated dh itself; the sigmoid's h (1 - h) is missing.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(W1, b1, W2, b2, X, y):
    return F.cross_entropy(torch.sigmoid(X @ W1 + b1) @ W2 + b2, y)


def grad(W1, b1, W2, b2, X, y):
    N = X.shape[0]
    h = 1.0 / (1.0 + np.exp(-(X.dot(W1) + b1)))
    scores = h.dot(W2) + b2
    exp_scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    dscores = probs
    dscores[range(N), y] -= 1
    dscores /= N
    dW2 = np.dot(h.T, dscores)
    db2 = np.sum(dscores, axis=0)
    dh = np.dot(dscores, W2.T)
    dz1 = dh  # <- wrong
    dW1 = np.dot(X.T, dz1)
    db1 = np.sum(dz1, axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(W1, b1, W2, b2, X, y):
    N = X.shape[0]
    h = 1.0 / (1.0 + np.exp(-(X.dot(W1) + b1)))
    scores = h.dot(W2) + b2
    exp_scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    dscores = probs
    dscores[range(N), y] -= 1
    dscores /= N
    dW2 = np.dot(h.T, dscores)
    db2 = np.sum(dscores, axis=0)
    dh = np.dot(dscores, W2.T)
    dz1 = dh * h * (1 - h)
    dW1 = np.dot(X.T, dz1)
    db1 = np.sum(dz1, axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"W1": (3, 5), "b1": (5,), "W2": (5, 2), "b2": (2,), "X": (4, 3), "y": (4,)},
            draws={"y": ("labels", 2)})
case = derivation(loss, grad, **SPEC, name="t_mlp2_19")
CAUSE = "activation-derivative-missing"
FIX = "The hidden layer is a sigmoid, so dz1 = dh * h * (1 - h)."
