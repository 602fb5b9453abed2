"""Tied-weight autoencoder, torch: H = sigmoid(X W + b), R = H W^T + c, L = 1/2 sum (R - X)^2;
X (5, 4), W (4, 3), b (3,), c (4,).
"""

import torch

from verify import derivation


def loss(X, W, b, c):
    H = torch.sigmoid(X @ W + b)
    return 0.5 * ((H @ W.T + c - X) ** 2).sum()


def grad(X, W, b, c):
    H = torch.sigmoid(X @ W + b)
    R = H @ W.T + c
    dR = R - X
    dc = dR.sum(0)
    dH = dR @ W
    dZ = dH * H * (1 - H)
    db = dZ.sum(0)
    dW = X.T @ dZ  # <- wrong
    return dW, db, dc


def grad_fixed(X, W, b, c):
    H = torch.sigmoid(X @ W + b)
    R = H @ W.T + c
    dR = R - X
    dc = dR.sum(0)
    dH = dR @ W
    dZ = dH * H * (1 - H)
    db = dZ.sum(0)
    dW = X.T @ dZ + dR.T @ H
    return dW, db, dc


SPEC = dict(wrt=("W", "b", "c"), shapes={"X": (5, 4), "W": (4, 3), "b": (3,), "c": (4,)})
case = derivation(loss, grad, **SPEC, name="p_tied_35")
CAUSE = "missing-term"
FIX = "W is used twice (encoder and, transposed, decoder), so dW = X^T dZ + dR^T H."
