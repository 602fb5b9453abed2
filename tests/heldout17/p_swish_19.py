"""Two-layer MLP with a swish (SiLU) hidden layer, torch: Z = X W1 + b1, Hid = Z * sigmoid(Z), Y = Hid W2,
L = sum(G * Y); X (N, D), W1 (D, M), b1 (M,), W2 (M, K), G (N, K); N = 4, D = 3, M = 5, K = 2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, b1, W2, G):
    return (G * (F.silu(X @ W1 + b1) @ W2)).sum()


def grad(X, W1, b1, W2, G):
    Z = X @ W1 + b1
    s = torch.sigmoid(Z)
    Hid = Z * s
    dW2 = Hid.T @ G
    dHid = G @ W2.T
    dZ = dHid  # <- wrong
    return X.T @ dZ, dZ.sum(dim=0), dW2


def grad_fixed(X, W1, b1, W2, G):
    Z = X @ W1 + b1
    s = torch.sigmoid(Z)
    Hid = Z * s
    dW2 = Hid.T @ G
    dHid = G @ W2.T
    dZ = dHid * (s + Z * s * (1 - s))
    return X.T @ dZ, dZ.sum(dim=0), dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "M"), "b1": ("M",), "W2": ("M", "K"), "G": ("N", "K")},
            sizes={"N": 4, "D": 3, "M": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="p_swish_19")
CAUSE = "activation-derivative-missing"
FIX = "Back through swish multiply by its derivative: dZ = dHid * (s + Z s (1 - s))."
