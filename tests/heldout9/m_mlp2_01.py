"""A two-layer ReLU classifier, torch: h = relu(X W1 + b1), scores = h W2 + b2,
L = mean cross-entropy against one-hot Y;
X (N, D), W1 (D, H), W2 (H, C), Y (N, C) with N = 6, D = 4, H = 8, C = 3.
"""

import torch

from verify import derivation


def loss(X, Y, W1, b1, W2, b2):
    scores = torch.relu(X @ W1 + b1) @ W2 + b2
    return -(Y * torch.log_softmax(scores, dim=1)).sum(1).mean()


def grad(X, Y, W1, b1, W2, b2):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.relu(z1)
    scores = h @ W2 + b2
    probs = torch.softmax(scores, dim=1)
    dscores = (probs - Y) / N
    dW2 = h.T @ dscores
    db2 = dscores.sum(0)
    dh = dscores @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1 / N  # <- wrong
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(X, Y, W1, b1, W2, b2):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.relu(z1)
    scores = h @ W2 + b2
    probs = torch.softmax(scores, dim=1)
    dscores = (probs - Y) / N
    dW2 = h.T @ dscores
    db2 = dscores.sum(0)
    dh = dscores @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "Y": ("N", "C"), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "C"), "b2": ("C",)},
            draws={"Y": "onehot"}, sizes={"N": 6, "D": 4, "H": 8, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp2_01")
CAUSE = "batch-mean"
FIX = "dscores already carries the 1/N of the mean, so dW1 = X.T @ dz1 without another / N."
