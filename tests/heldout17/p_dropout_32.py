"""Inverted dropout between two layers, torch, the keep mask fixed by uniforms U: keep = U > p, p = 0.3;
H = tanh(X W1), Hd = H * keep / (1 - p), Y = Hd W2, L = sum(G * Y);
X (4, 3), W1 (3, 5), U (4, 5) in (0, 1), W2 (5, 2), G (4, 2).
"""

import torch

from verify import derivation

P = 0.3


def loss(X, W1, U, W2, G):
    keep = (U > P).to(X.dtype)
    Hd = torch.tanh(X @ W1) * keep / (1 - P)
    return (G * (Hd @ W2)).sum()


def grad(X, W1, U, W2, G):
    keep = (U > P).to(X.dtype)
    H = torch.tanh(X @ W1)
    Hd = H * keep / (1 - P)
    dW2 = Hd.T @ G
    dHd = G @ W2.T
    dH = dHd / (1 - P)  # <- wrong
    dW1 = X.T @ (dH * (1 - H ** 2))
    return dW1, dW2


def grad_fixed(X, W1, U, W2, G):
    keep = (U > P).to(X.dtype)
    H = torch.tanh(X @ W1)
    Hd = H * keep / (1 - P)
    dW2 = Hd.T @ G
    dHd = G @ W2.T
    dH = dHd * keep / (1 - P)
    dW1 = X.T @ (dH * (1 - H ** 2))
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"X": (4, 3), "W1": (3, 5), "U": (4, 5), "W2": (5, 2), "G": (4, 2)},
            draws={"U": ("uniform", 0.0, 1.0)})
case = derivation(loss, grad, **SPEC, name="p_dropout_32")
CAUSE = "mask"
FIX = "Dropped units pass no gradient back: dH = dHd * keep / (1 - p)."
