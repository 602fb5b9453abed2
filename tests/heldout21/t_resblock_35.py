"""Residual block y = x + relu(x W1) W2 with an upstream gradient, torch.

L = sum(G * y); x (3, 4), W1 (4, 6), W2 (6, 4), G (3, 4).  Gradients wrt x, W1, W2.
Mistake: dx only back-propagates through the branch; the identity (skip) path's G is
not added.
"""

import torch

from verify import derivation


def loss(x, W1, W2, G):
    return (G * (x + torch.relu(x @ W1) @ W2)).sum()


def grad(x, W1, W2, G):
    z = x @ W1
    h = torch.relu(z)
    dW2 = h.T @ G
    dh = G @ W2.T
    dz = dh * (z > 0).to(dh.dtype)
    dW1 = x.T @ dz
    dx = dz @ W1.T  # <- wrong
    return dx, dW1, dW2


def grad_fixed(x, W1, W2, G):
    z = x @ W1
    h = torch.relu(z)
    dW2 = h.T @ G
    dh = G @ W2.T
    dz = dh * (z > 0).to(dh.dtype)
    dW1 = x.T @ dz
    dx = G + dz @ W1.T
    return dx, dW1, dW2


SPEC = dict(wrt=("x", "W1", "W2"), shapes={"x": (3, 4), "W1": (4, 6), "W2": (6, 4), "G": (3, 4)})
case = derivation(loss, grad, **SPEC, name="t_resblock_35")
CAUSE = "missing-term"
FIX = "x also reaches y through the skip connection, so dx = G + dz W1^T."
