"""A two-layer classifier with the tanh approximation of GELU, torch:
h = gelu_tanh(X W1 + b1), L = cross_entropy(h W2 + b2, y);
X (8, 5), W1 (5, 7), W2 (7, 3), y (8,) in 0..2.
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2):
    h = F.gelu(X @ W1 + b1, approximate="tanh")
    return F.cross_entropy(h @ W2 + b2, y)


def grad(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    c = math.sqrt(2.0 / math.pi)
    z = X @ W1 + b1
    t = torch.tanh(c * (z + 0.044715 * z ** 3))
    h = 0.5 * z * (1 + t)
    scores = h @ W2 + b2
    dscores = torch.softmax(scores, dim=1)
    dscores = dscores - F.one_hot(y, scores.shape[1]).to(z.dtype)
    dscores = dscores / N
    dW2 = h.T @ dscores
    db2 = dscores.sum(0)
    dh = dscores @ W2.T
    du = c * (1 + 0.044715 * z ** 2)  # <- wrong
    dz = dh * (0.5 * (1 + t) + 0.5 * z * (1 - t ** 2) * du)
    dW1 = X.T @ dz
    db1 = dz.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    c = math.sqrt(2.0 / math.pi)
    z = X @ W1 + b1
    t = torch.tanh(c * (z + 0.044715 * z ** 3))
    h = 0.5 * z * (1 + t)
    scores = h @ W2 + b2
    dscores = torch.softmax(scores, dim=1)
    dscores = dscores - F.one_hot(y, scores.shape[1]).to(z.dtype)
    dscores = dscores / N
    dW2 = h.T @ dscores
    db2 = dscores.sum(0)
    dh = dscores @ W2.T
    du = c * (1 + 3 * 0.044715 * z ** 2)
    dz = dh * (0.5 * (1 + t) + 0.5 * z * (1 - t ** 2) * du)
    dW1 = X.T @ dz
    db1 = dz.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": (8, 5), "y": (8,), "W1": (5, 7), "b1": (7,), "W2": (7, 3),
                    "b2": (3,)},
            draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="m_gelu_01")
CAUSE = "wrong-coefficient"
FIX = "d/dz (z + 0.044715 z^3) = 1 + 3 * 0.044715 z^2."
