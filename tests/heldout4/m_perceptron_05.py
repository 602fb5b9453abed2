"""Logistic regression (a single sigmoid neuron) on a batch, torch: p = sigma(X w),
loss = mean binary cross-entropy over the N examples (with logits); X (N, D), w (D,), y (N,)
soft targets in (0, 1), N = 8, D = 4.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(w, X, y):
    return F.binary_cross_entropy_with_logits(X @ w, y)


def grad(w, X, y):
    p = torch.sigmoid(X @ w)
    return X.T @ (p - y)  # <- wrong


def grad_fixed(w, X, y):
    p = torch.sigmoid(X @ w)
    return X.T @ (p - y) / len(y)


SPEC = dict(wrt="w", shapes={"w": ("D",), "X": ("N", "D"), "y": ("N",)},
            draws={"y": "uniform"}, sizes={"N": 8, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_perceptron_05")
CAUSE = "batch-mean"
FIX = "The loss averages over the N examples, so the gradient is X^T (p - y) / N."
