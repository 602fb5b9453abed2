"""A two-layer sigmoid classifier in torch with a square second layer:
h = sigmoid(X W1 + b1), L = cross_entropy(h W2 + b2, y);
X (8, 4), W1 (4, 5), W2 (5, 5), y (8,) in 0..4.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2):
    return F.cross_entropy(torch.sigmoid(X @ W1 + b1) @ W2 + b2, y)


def grad(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    h = torch.sigmoid(X @ W1 + b1)
    scores = h @ W2 + b2
    dscores = torch.softmax(scores, dim=1)
    dscores = (dscores - F.one_hot(y, scores.shape[1])) / N
    dW2 = h.T @ dscores
    db2 = dscores.sum(0)
    dh = dscores @ W2  # <- wrong
    dz1 = dh * h * (1 - h)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    h = torch.sigmoid(X @ W1 + b1)
    scores = h @ W2 + b2
    dscores = torch.softmax(scores, dim=1)
    dscores = (dscores - F.one_hot(y, scores.shape[1])) / N
    dW2 = h.T @ dscores
    db2 = dscores.sum(0)
    dh = dscores @ W2.T
    dz1 = dh * h * (1 - h)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": (8, 4), "y": (8,), "W1": (4, 5), "b1": (5,), "W2": (5, 5),
                    "b2": (5,)},
            draws={"y": ("labels", 5)})
case = derivation(loss, grad, **SPEC, name="m_mlp_04")
CAUSE = "transpose"
FIX = "Back through scores = h W2 the hidden gradient is dscores W2^T."
