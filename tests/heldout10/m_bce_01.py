"""Logistic regression trained with BCE on logits, torch:
z = X w + b, L = F.binary_cross_entropy_with_logits(z, t) (mean over N), soft targets t;
X (N, D), w (D,), b (1,), t (N,) with N = 12, D = 4.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, t, w, b):
    return F.binary_cross_entropy_with_logits(X @ w + b, t)


def grad(X, t, w, b):
    z = X @ w + b
    dz = torch.sigmoid(z) - t  # <- wrong
    dw = X.T @ dz
    db = dz.sum().reshape(1)
    return dw, db


def grad_fixed(X, t, w, b):
    z = X @ w + b
    dz = (torch.sigmoid(z) - t) / X.shape[0]
    dw = X.T @ dz
    db = dz.sum().reshape(1)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "t": ("N",), "w": ("D",), "b": (1,)},
            draws={"t": "uniform"}, sizes={"N": 12, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_bce_01")
CAUSE = "batch-mean"
FIX = "The loss is a mean over the batch: dz = (sigmoid(z) - t) / N."
