"""A tanh hidden layer for binary classification with BCE on logits, numpy:
z = X W1 + b1, h = tanh(z), logit = h w2 + b2, L = binary_cross_entropy_with_logits(logit, y) (mean);
X (N, D), W1 (D, H), b1 (H,), w2 (H,), b2 (1,), y (N,) in {0, 1}, N = 8, D = 3, H = 4.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, w2, b2):
    logit = torch.tanh(X @ W1 + b1) @ w2 + b2
    return F.binary_cross_entropy_with_logits(logit, y.to(X.dtype))


def grad(X, y, W1, b1, w2, b2):
    X, W1, b1, w2, b2 = (np.asarray(a) for a in (X, W1, b1, w2, b2))
    y = np.asarray(y).astype(X.dtype)
    z = X @ W1 + b1
    h = np.tanh(z)
    p = 1 / (1 + np.exp(-(h @ w2 + b2)))
    upstream = (p - y) / len(y)
    dw2 = h.T @ upstream
    db2 = np.array([upstream.sum()])
    dh = upstream[:, None] * w2[None, :]
    dz = dh * (1 - z ** 2)  # <- wrong
    return X.T @ dz, dz.sum(axis=0), dw2, db2


def grad_fixed(X, y, W1, b1, w2, b2):
    X, W1, b1, w2, b2 = (np.asarray(a) for a in (X, W1, b1, w2, b2))
    y = np.asarray(y).astype(X.dtype)
    z = X @ W1 + b1
    h = np.tanh(z)
    p = 1 / (1 + np.exp(-(h @ w2 + b2)))
    upstream = (p - y) / len(y)
    dw2 = h.T @ upstream
    db2 = np.array([upstream.sum()])
    dh = upstream[:, None] * w2[None, :]
    dz = dh * (1 - h ** 2)
    return X.T @ dz, dz.sum(axis=0), dw2, db2


SPEC = dict(wrt=("W1", "b1", "w2", "b2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "w2": ("H",), "b2": (1,)},
            draws={"y": ("labels", 2)}, sizes={"N": 8, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_act_02")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - tanh(z)^2 = 1 - h^2, written with the output h, not the pre-activation z."
