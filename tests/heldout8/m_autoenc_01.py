"""A weight-tied autoencoder trained with F.mse_loss, numpy:
h = sigmoid(X W + b), Xh = h W^T + c, L = mse_loss(Xh, X) (mean over all N*D entries);
X (N, D), W (D, H), b (H,), c (D,), N = 6, D = 5, H = 3.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, c):
    h = torch.sigmoid(X @ W + b)
    return F.mse_loss(h @ W.T + c, X)


def grad(X, W, b, c):
    X, W, b, c = (np.asarray(a) for a in (X, W, b, c))
    h = 1 / (1 + np.exp(-(X @ W + b)))
    Xh = h @ W.T + c
    dXh = (Xh - X) / X.size  # <- wrong
    dc = dXh.sum(axis=0)
    dh = dXh @ W
    dz = dh * h * (1 - h)
    dW = dXh.T @ h + X.T @ dz
    db = dz.sum(axis=0)
    return dW, db, dc


def grad_fixed(X, W, b, c):
    X, W, b, c = (np.asarray(a) for a in (X, W, b, c))
    h = 1 / (1 + np.exp(-(X @ W + b)))
    Xh = h @ W.T + c
    dXh = 2 * (Xh - X) / X.size
    dc = dXh.sum(axis=0)
    dh = dXh @ W
    dz = dh * h * (1 - h)
    dW = dXh.T @ h + X.T @ dz
    db = dz.sum(axis=0)
    return dW, db, dc


SPEC = dict(wrt=("W", "b", "c"),
            shapes={"X": ("N", "D"), "W": ("D", "H"), "b": ("H",), "c": ("D",)},
            draws={}, sizes={"N": 6, "D": 5, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_autoenc_01")
CAUSE = "mse-convention"
FIX = "mse_loss is the mean of the squares with no 1/2, so dXh = 2 (Xh - X) / (N D)."
