"""A linear softmax classifier with the mean cross-entropy:
Z = X W, L = -(1/N) sum_n log softmax(Z_n)[y_n]; X (N, D), W (D, C), y (N,) labels.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, y):
    return F.cross_entropy(X @ W, y)


def grad(X, W, y):
    N, C = X.shape[0], W.shape[1]
    Z = X @ W
    P = torch.softmax(Z, dim=1)
    Y = F.one_hot(y, C).to(Z.dtype)
    dZ = (P - Y) / C  # <- wrong
    dW = X.T @ dZ
    return dW


def grad_fixed(X, W, y):
    N, C = X.shape[0], W.shape[1]
    Z = X @ W
    P = torch.softmax(Z, dim=1)
    Y = F.one_hot(y, C).to(Z.dtype)
    dZ = (P - Y) / N
    dW = X.T @ dZ
    return dW


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "C"), "y": ("N",)},
            draws={"y": ("labels", 3)}, sizes={"N": 5, "D": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="w_softmax_02")
CAUSE = "wrong-divisor"
FIX = "cross_entropy averages over the N examples, so dZ = (P - Y) / N."
