"""An affine layer with a ReLU, checked through an upstream gradient, torch:
z = X W + b, h = relu(z), E = sum(G * h);
X (N, D), W (D, H), b (H,), G (N, H), with N = 4, D = 3, H = 4.
"""

import torch

from verify import derivation


def loss(X, W, b, G):
    return (G * torch.relu(X @ W + b)).sum()


def grad(X, W, b, G):
    z = X @ W + b
    dz = torch.where(z > 0, G, torch.zeros_like(G))
    dW = X.T @ dz
    db = dz.sum(dim=1)  # <- wrong
    dX = dz @ W.T
    return dX, dW, db


def grad_fixed(X, W, b, G):
    z = X @ W + b
    dz = torch.where(z > 0, G, torch.zeros_like(G))
    dW = X.T @ dz
    db = dz.sum(dim=0)
    dX = dz @ W.T
    return dX, dW, db


SPEC = dict(wrt=("X", "W", "b"),
            shapes={"X": ("N", "D"), "W": ("D", "H"), "b": ("H",), "G": ("N", "H")},
            draws={}, sizes={"N": 4, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_affine_02")
CAUSE = "reduction-axis"
FIX = "The bias is broadcast over the batch, so its gradient sums dz over the batch axis, dim=0."
