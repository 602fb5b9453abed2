"""Two-layer ReLU network with softmax cross-entropy (mean over the batch):
h = relu(X W1 + b1), z = h W2 + b2, L = F.cross_entropy(z, y);
X (N, D), W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), y (N,) labels; N = 4, D = 3, H = 5, C = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, b1, W2, b2, y):
    h = torch.relu(X @ W1 + b1)
    return F.cross_entropy(h @ W2 + b2, y)


def grad(X, W1, b1, W2, b2, y):
    z1 = X @ W1 + b1
    h = torch.relu(z1)
    p = torch.softmax(h @ W2 + b2, dim=1)
    dz2 = p - F.one_hot(y, W2.shape[1]).to(p.dtype)  # <- wrong
    dW2 = h.T @ dz2
    dh = dz2 @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1
    return dW1, dW2


def grad_fixed(X, W1, b1, W2, b2, y):
    z1 = X @ W1 + b1
    h = torch.relu(z1)
    p = torch.softmax(h @ W2 + b2, dim=1)
    dz2 = (p - F.one_hot(y, W2.shape[1]).to(p.dtype)) / X.shape[0]
    dW2 = h.T @ dz2
    dh = dz2 @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "C"),
                    "b2": ("C",), "y": ("N",)},
            draws={"y": ("labels", 3)}, sizes={"N": 4, "D": 3, "H": 5, "C": 3})
case = derivation(loss, grad, **SPEC, name="v_mlp_01")
CAUSE = "batch-mean"
FIX = "F.cross_entropy averages over the batch, so dz2 = (p - Y) / N."
