"""Two-layer sigmoid network with softmax cross-entropy (mean over the batch):
a1 = sigma(X W1 + b1), p = softmax(a1 W2 + b2), L = -1/N sum_n log p[n, y_n];
X (N, D), W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), y (N,) labels; N = 3, D = 4, H = 3, C = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, b1, W2, b2, y):
    a1 = torch.sigmoid(X @ W1 + b1)
    return F.cross_entropy(a1 @ W2 + b2, y)


def grad(X, W1, b1, W2, b2, y):
    N = X.shape[0]
    a1 = torch.sigmoid(X @ W1 + b1)
    p = torch.softmax(a1 @ W2 + b2, dim=1)
    dz2 = (p - F.one_hot(y, p.shape[1]).to(p.dtype)) / N
    dW2 = a1.T @ dz2
    db2 = dz2.sum(0)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    dW1 = X.T @ dz2  # <- wrong
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(X, W1, b1, W2, b2, y):
    N = X.shape[0]
    a1 = torch.sigmoid(X @ W1 + b1)
    p = torch.softmax(a1 @ W2 + b2, dim=1)
    dz2 = (p - F.one_hot(y, p.shape[1]).to(p.dtype)) / N
    dW2 = a1.T @ dz2
    db2 = dz2.sum(0)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "C"),
                    "b2": ("C",), "y": ("N",)},
            draws={"y": ("labels", 3)}, sizes={"N": 3, "D": 4, "H": 3, "C": 3})
case = derivation(loss, grad, **SPEC, name="v_mlp_04")
CAUSE = "wrong-layer"
FIX = "W1's gradient uses the first layer's delta: dW1 = X^T dz1."
