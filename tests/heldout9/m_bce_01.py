"""Multi-label classification with a linear layer and BCE with logits, numpy gradient:
logits = X W + b, L = F.binary_cross_entropy_with_logits(logits, Y), the mean over all N * C
entries; X (N, D), W (D, C), b (C,), Y (N, C) soft targets with N = 8, D = 5, C = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, Y, W, b):
    return F.binary_cross_entropy_with_logits(X @ W + b, Y)


def grad(X, Y, W, b):
    X, Y, W, b = np.asarray(X), np.asarray(Y), np.asarray(W), np.asarray(b)
    N, C = Y.shape
    logits = X @ W + b
    p = 0.5 * (1 + np.tanh(logits / 2))
    dlogits = (p - Y) / N  # <- wrong
    dW = X.T @ dlogits
    db = dlogits.sum(axis=0)
    return dW, db


def grad_fixed(X, Y, W, b):
    X, Y, W, b = np.asarray(X), np.asarray(Y), np.asarray(W), np.asarray(b)
    N, C = Y.shape
    logits = X @ W + b
    p = 0.5 * (1 + np.tanh(logits / 2))
    dlogits = (p - Y) / (N * C)
    dW = X.T @ dlogits
    db = dlogits.sum(axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "Y": ("N", "C"), "W": ("D", "C"), "b": ("C",)},
            draws={"Y": "uniform"}, sizes={"N": 8, "D": 5, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_bce_01")
CAUSE = "wrong-divisor"
FIX = "The mean runs over all N * C logits, so dlogits = (p - Y) / (N * C)."
