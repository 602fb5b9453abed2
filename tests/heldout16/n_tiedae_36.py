"""An autoencoder with tied weights (the decoder uses W transposed), numpy:
H = sigmoid(X W + b), R = H W^T + c, L = 1/(2N) ||R - X||^2;
X (N, D), W (D, K), b (K,), c (D,); N = 5, D = 6, K = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W, b, c):
    H = torch.sigmoid(X @ W + b)
    R = H @ W.T + c
    return ((R - X) ** 2).sum() / (2 * X.shape[0])


def grad(X, W, b, c):
    N = X.shape[0]
    H = 1 / (1 + np.exp(-(X @ W + b)))
    R = H @ W.T + c
    dR = (R - X) / N
    dc = dR.sum(axis=0)
    dH = dR @ W
    dZ = dH * H * (1 - H)
    db = dZ.sum(axis=0)
    dW = X.T @ dZ  # <- wrong
    return dW, db, dc


def grad_fixed(X, W, b, c):
    N = X.shape[0]
    H = 1 / (1 + np.exp(-(X @ W + b)))
    R = H @ W.T + c
    dR = (R - X) / N
    dc = dR.sum(axis=0)
    dH = dR @ W
    dZ = dH * H * (1 - H)
    db = dZ.sum(axis=0)
    dW = X.T @ dZ + dR.T @ H
    return dW, db, dc


SPEC = dict(wrt=("W", "b", "c"), shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "c": ("D",)},
            sizes={"N": 5, "D": 6, "K": 3})
case = derivation(loss, grad, **SPEC, name="n_tiedae_36")
CAUSE = "missing-term"
FIX = "W is used twice, by the encoder and (transposed) by the decoder, so dW = X.T @ dZ + dR.T @ H."
