"""Two-layer ReLU network with a softmax cross-entropy head, torch:
h = relu(X W1 + b1), scores = h W2 + b2, L = F.cross_entropy(scores, y) (mean over N);
X (N, D), W1 (D, H), W2 (H, C), y (N,) with N = 10, D = 4, H = 6, C = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2):
    return F.cross_entropy(torch.relu(X @ W1 + b1) @ W2 + b2, y)


def grad(X, y, W1, b1, W2, b2):
    N, C = X.shape[0], W2.shape[1]
    z1 = X @ W1 + b1
    h = torch.relu(z1)
    probs = torch.softmax(h @ W2 + b2, dim=1)
    dscores = (probs - F.one_hot(y, C).to(probs.dtype)) / N
    dW2 = h.T @ dscores / N  # <- wrong
    db2 = dscores.sum(0)
    dh = dscores @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(X, y, W1, b1, W2, b2):
    N, C = X.shape[0], W2.shape[1]
    z1 = X @ W1 + b1
    h = torch.relu(z1)
    probs = torch.softmax(h @ W2 + b2, dim=1)
    dscores = (probs - F.one_hot(y, C).to(probs.dtype)) / N
    dW2 = h.T @ dscores
    db2 = dscores.sum(0)
    dh = dscores @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "C"), "b2": ("C",)},
            draws={"y": ("labels", 3)}, sizes={"N": 10, "D": 4, "H": 6, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp2_01")
CAUSE = "batch-mean"
FIX = "dscores already carries the 1/N of the mean, so dW2 = h.T @ dscores."
