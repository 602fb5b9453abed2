"""Linear softmax classifier, summed cross-entropy against one-hot targets:
L = -sum_n sum_c T_nc log softmax(X W + b)_nc;
X (N, D), W (D, C), b (C,), T (N, C) one-hot.
"""

import torch

from verify import derivation


def loss(X, W, b, T):
    """L = -sum T * log softmax(X W + b)."""
    return -(T * torch.log_softmax(X @ W + b, dim=1)).sum()


def grad(X, W, b, T):
    logits = X @ W + b
    p = torch.softmax(logits, dim=1)
    delta = logits - T  # <- wrong
    dW = X.T @ delta
    db = delta.sum(dim=0)
    return dW, db


def grad_fixed(X, W, b, T):
    logits = X @ W + b
    p = torch.softmax(logits, dim=1)
    delta = p - T
    dW = X.T @ delta
    db = delta.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "C"), "b": ("C",),
                                    "T": ("N", "C")},
            sizes={"N": 7, "D": 4, "C": 3}, draws={"T": "onehot"})
case = derivation(loss, grad, **SPEC, name="h_sce_04")
CAUSE = "wrong-operand"
FIX = "The error at the logits is the softmax output minus the target: delta = p - T."
