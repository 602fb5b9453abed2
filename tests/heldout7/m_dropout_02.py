"""Inverted dropout (keep probability 0.75) on a ReLU hidden layer, torch, the mask drawn from a
fixed uniform input U: h = relu(X W1 + b1) * [U < 0.75] / 0.75, logits = h W2, L = mean cross-entropy;
X (N, D), W1 (D, H), b1 (H,), W2 (H, C), U (N, H), y (N,) labels with N = 9, D = 5, H = 7, C = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation

KEEP = 0.75


def loss(X, y, W1, b1, W2, U):
    h = torch.relu(X @ W1 + b1) * (U < KEEP).to(X.dtype) / KEEP
    return F.cross_entropy(h @ W2, y)


def grad(X, y, W1, b1, W2, U):
    mask = (U < KEEP).to(X.dtype)
    z = X @ W1 + b1
    h = torch.relu(z) * mask / KEEP
    P = torch.softmax(h @ W2, dim=1)
    dlogits = (P - F.one_hot(y, P.shape[1]).to(P.dtype)) / X.shape[0]
    dW2 = h.T @ dlogits
    dh = dlogits @ W2.T
    dz = dh * mask * (z > 0).to(X.dtype)  # <- wrong
    return X.T @ dz, dz.sum(0), dW2


def grad_fixed(X, y, W1, b1, W2, U):
    mask = (U < KEEP).to(X.dtype)
    z = X @ W1 + b1
    h = torch.relu(z) * mask / KEEP
    P = torch.softmax(h @ W2, dim=1)
    dlogits = (P - F.one_hot(y, P.shape[1]).to(P.dtype)) / X.shape[0]
    dW2 = h.T @ dlogits
    dh = dlogits @ W2.T
    dz = dh * mask / KEEP * (z > 0).to(X.dtype)
    return X.T @ dz, dz.sum(0), dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "C"), "U": ("N", "H")},
            draws={"y": ("labels", 3), "U": ("uniform", 0.0, 1.0)},
            sizes={"N": 9, "D": 5, "H": 7, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_dropout_02")
CAUSE = "wrong-coefficient"
FIX = "Inverted dropout scales the kept units by 1 / keep in forward, so backward divides by KEEP too."
