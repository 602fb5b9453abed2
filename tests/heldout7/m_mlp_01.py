"""A two-layer ReLU classifier, torch: h = relu(X W1 + b1), logits = h W2 + b2,
L = sum_n -log softmax(logits_n)[y_n] (cross-entropy summed over the batch, reduction='sum');
X (N, D), W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), y (N,) labels with N = 5, D = 4, H = 6, C = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2):
    logits = torch.relu(X @ W1 + b1) @ W2 + b2
    return F.cross_entropy(logits, y, reduction="sum")


def grad(X, y, W1, b1, W2, b2):
    z1 = X @ W1 + b1
    h = torch.relu(z1)
    logits = h @ W2 + b2
    P = torch.softmax(logits, dim=1)
    Y = F.one_hot(y, logits.shape[1]).to(P.dtype)
    dlogits = (P - Y) / X.shape[0]  # <- wrong
    dW2 = h.T @ dlogits
    db2 = dlogits.sum(0)
    dz1 = (dlogits @ W2.T) * (z1 > 0).to(P.dtype)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(X, y, W1, b1, W2, b2):
    z1 = X @ W1 + b1
    h = torch.relu(z1)
    logits = h @ W2 + b2
    P = torch.softmax(logits, dim=1)
    Y = F.one_hot(y, logits.shape[1]).to(P.dtype)
    dlogits = P - Y
    dW2 = h.T @ dlogits
    db2 = dlogits.sum(0)
    dz1 = (dlogits @ W2.T) * (z1 > 0).to(P.dtype)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "C"), "b2": ("C",)},
            draws={"y": ("labels", 3)}, sizes={"N": 5, "D": 4, "H": 6, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp_01")
CAUSE = "batch-mean"
FIX = "The loss sums over the batch (reduction='sum'), so dlogits = P - Y with no division by N."
