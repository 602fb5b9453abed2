"""A linear softmax classifier with one-hot targets, torch flat function:
logits = X W + b, L = -1/N sum_n sum_c T[n, c] log softmax(logits)[n, c];
X (6, 8), W (8, 5), b (5,), T (6, 5) one-hot rows.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, T):
    logits = X @ W + b
    return -(T * F.log_softmax(logits, dim=1)).sum() / X.shape[0]


def grad(X, W, b, T):
    N = X.shape[0]
    logits = X @ W + b
    e = torch.exp(logits - logits.max(dim=1, keepdim=True).values)
    P = e / e.sum(dim=1, keepdim=True)
    dlogits = (T - P) / N  # <- wrong
    dW = X.T @ dlogits
    db = dlogits.sum(dim=0)
    return dW, db


def grad_fixed(X, W, b, T):
    N = X.shape[0]
    logits = X @ W + b
    e = torch.exp(logits - logits.max(dim=1, keepdim=True).values)
    P = e / e.sum(dim=1, keepdim=True)
    dlogits = (P - T) / N
    dW = X.T @ dlogits
    db = dlogits.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": (6, 8), "W": (8, 5), "b": (5,), "T": (6, 5)},
            draws={"T": "onehot"})
case = derivation(loss, grad, **SPEC, name="m_softmax_01")
CAUSE = "sign"
FIX = "The softmax cross-entropy gradient with respect to the logits is (P - T) / N, not (T - P) / N."
