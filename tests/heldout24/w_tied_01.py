"""An autoencoder whose decoder reuses the encoder's weights transposed:
H = sigma(X W + b), R = H W^T + c, L = 1/2 sum (R - X)^2; X (N, D), W (D, H), b (H,), c (D,).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W, b, c):
    R = torch.sigmoid(X @ W + b) @ W.T + c
    return 0.5 * ((R - X) ** 2).sum()


def grad(X, W, b, c):
    A = X @ W + b
    H = 1.0 / (1.0 + np.exp(-A))
    R = H @ W.T + c
    dR = R - X
    dH = dR @ W
    dA = dH * H * (1.0 - H)
    dW = X.T @ dA  # <- wrong
    db = dA.sum(axis=0)
    dc = dR.sum(axis=0)
    return dW, db, dc


def grad_fixed(X, W, b, c):
    A = X @ W + b
    H = 1.0 / (1.0 + np.exp(-A))
    R = H @ W.T + c
    dR = R - X
    dH = dR @ W
    dA = dH * H * (1.0 - H)
    dW = X.T @ dA + dR.T @ H
    db = dA.sum(axis=0)
    dc = dR.sum(axis=0)
    return dW, db, dc


SPEC = dict(wrt=("W", "b", "c"), shapes={"X": ("N", "D"), "W": ("D", "H"), "b": ("H",), "c": ("D",)},
            draws={}, sizes={"N": 3, "D": 4, "H": 2})
case = derivation(loss, grad, **SPEC, name="w_tied_01")
CAUSE = "missing-term"
FIX = "W is used by both the encoder and the decoder, so dW = X^T dA + dR^T H."
