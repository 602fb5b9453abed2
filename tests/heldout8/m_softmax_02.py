"""A linear layer followed by a row-wise softmax, fed an upstream gradient G, torch:
S = softmax(X W, dim=1), L = sum(G * S);
X (5, 3), W (3, 4), G (5, 4).
"""

import torch

from verify import derivation


def loss(X, W, G):
    return (G * torch.softmax(X @ W, dim=1)).sum()


def grad(X, W, G):
    S = torch.softmax(X @ W, dim=1)
    dZ = S * (G - (G * S).sum(dim=0, keepdim=True))  # <- wrong
    dX = dZ @ W.T
    dW = X.T @ dZ
    return dX, dW


def grad_fixed(X, W, G):
    S = torch.softmax(X @ W, dim=1)
    dZ = S * (G - (G * S).sum(dim=1, keepdim=True))
    dX = dZ @ W.T
    dW = X.T @ dZ
    return dX, dW


SPEC = dict(wrt=("X", "W"), shapes={"X": (5, 3), "W": (3, 4), "G": (5, 4)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_softmax_02")
CAUSE = "reduction-axis"
FIX = "The softmax Jacobian couples the entries of one row, so the inner sum runs over dim=1."
