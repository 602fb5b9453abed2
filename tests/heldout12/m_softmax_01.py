"""Softmax regression with cross-entropy on integer labels, torch:
logits = X W + b, p = softmax(logits), L = -1/N sum_n log p[n, y_n];
X (N, D), W (D, C), b (C,), y (N,) labels, with N = C = 4, D = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, y):
    return F.cross_entropy(X @ W + b, y)


def grad(X, W, b, y):
    C = W.shape[1]
    logits = X @ W + b
    p = torch.softmax(logits, dim=1)
    dlogits = p - F.one_hot(y, C).to(p.dtype)
    dlogits = dlogits / C  # <- wrong
    dW = X.T @ dlogits
    db = dlogits.sum(dim=0)
    return dW, db


def grad_fixed(X, W, b, y):
    C = W.shape[1]
    logits = X @ W + b
    p = torch.softmax(logits, dim=1)
    dlogits = p - F.one_hot(y, C).to(p.dtype)
    dlogits = dlogits / X.shape[0]
    dW = X.T @ dlogits
    db = dlogits.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "W": ("D", "C"), "b": ("C",), "y": ("N",)},
            draws={"y": ("labels", "C")}, sizes={"N": 4, "D": 3, "C": 4})
case = derivation(loss, grad, **SPEC, name="m_softmax_01")
CAUSE = "wrong-divisor"
FIX = "Cross-entropy averages over the N examples, so divide by N = X.shape[0], not by C."
