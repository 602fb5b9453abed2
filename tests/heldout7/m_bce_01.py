"""A small binary classifier with a tanh hidden layer, numpy:
H = tanh(X W1), p = sigma(H w2 + b2), L = mean binary cross-entropy of p against y in {0, 1};
X (N, D), W1 (D, H), w2 (H,), b2 (1,), y (N,) integer labels with N = 7, D = 3, H = 5.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, w2, b2):
    logit = torch.tanh(X @ W1) @ w2 + b2
    return F.binary_cross_entropy_with_logits(logit, y.to(logit.dtype))


def grad(X, y, W1, w2, b2):
    m = X.shape[0]
    H = np.tanh(X @ W1)
    p = 1.0 / (1.0 + np.exp(-(H @ w2 + b2)))
    dz2 = p - y  # <- wrong
    dw2 = H.T @ dz2
    db2 = np.sum(dz2, keepdims=True)
    dH = np.outer(dz2, w2)
    dW1 = X.T @ (dH * (1.0 - H ** 2))
    return dW1, dw2, db2


def grad_fixed(X, y, W1, w2, b2):
    m = X.shape[0]
    H = np.tanh(X @ W1)
    p = 1.0 / (1.0 + np.exp(-(H @ w2 + b2)))
    dz2 = (p - y) / m
    dw2 = H.T @ dz2
    db2 = np.sum(dz2, keepdims=True)
    dH = np.outer(dz2, w2)
    dW1 = X.T @ (dH * (1.0 - H ** 2))
    return dW1, dw2, db2


SPEC = dict(wrt=("W1", "w2", "b2"),
            shapes={"X": (7, 3), "y": (7,), "W1": (3, 5), "w2": (5,), "b2": (1,)},
            draws={"y": ("labels", 2)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_bce_01")
CAUSE = "batch-mean"
FIX = "The cross-entropy is averaged over the m examples, so dz2 = (p - y) / m."
