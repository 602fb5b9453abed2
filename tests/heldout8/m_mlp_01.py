"""A two-layer MLP with a tanh-approximated GELU and cross-entropy, torch:
h = gelu_tanh(X W1 + b1), logits = h W2 + b2, L = cross_entropy(logits, y) (batch mean);
X (N, D), W1 (D, H), W2 (H, C), y (N,) labels, N = 16, D = 5, H = 8, C = 4.
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2):
    h = F.gelu(X @ W1 + b1, approximate="tanh")
    return F.cross_entropy(h @ W2 + b2, y)


def gelu_and_slope(z):
    c = math.sqrt(2.0 / math.pi)
    u = c * (z + 0.044715 * z ** 3)
    t = torch.tanh(u)
    value = 0.5 * z * (1 + t)
    slope = 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * c * (1 + 3 * 0.044715 * z * z)
    return value, slope


def grad(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    Z1 = X @ W1 + b1
    H, dH_dZ1 = gelu_and_slope(Z1)
    P = torch.softmax(H @ W2 + b2, dim=1)
    Y = F.one_hot(y, P.shape[1]).to(P.dtype)
    dlogits = (P - Y) / N
    dW2 = H.T @ dlogits
    db2 = dlogits.sum(0)
    dH = dlogits @ W2.T
    dZ1 = dH * dH_dZ1
    dW1 = X.T @ dZ1 / N  # <- wrong
    db1 = dZ1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    Z1 = X @ W1 + b1
    H, dH_dZ1 = gelu_and_slope(Z1)
    P = torch.softmax(H @ W2 + b2, dim=1)
    Y = F.one_hot(y, P.shape[1]).to(P.dtype)
    dlogits = (P - Y) / N
    dW2 = H.T @ dlogits
    db2 = dlogits.sum(0)
    dH = dlogits @ W2.T
    dZ1 = dH * dH_dZ1
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "C"), "b2": ("C",)},
            draws={"y": ("labels", 4)}, sizes={"N": 16, "D": 5, "H": 8, "C": 4})
case = derivation(loss, grad, **SPEC, name="m_mlp_01")
CAUSE = "batch-mean"
FIX = "dlogits already carries the 1/N of the batch mean, so dW1 = X^T dZ1 with no second / N."
