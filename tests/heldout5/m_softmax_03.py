"""A linear classifier with integer labels and the mean cross-entropy, torch flat function:
logits = X W, L = F.cross_entropy(logits, y); X (9, 5), W (5, 4), y (9,) labels in 0..3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, y):
    return F.cross_entropy(X @ W, y)


def grad(X, W, y):
    logits = X @ W
    N, C = logits.shape
    e = torch.exp(logits - logits.max(dim=1, keepdim=True).values)
    P = e / e.sum(dim=1, keepdim=True)
    Y = torch.zeros_like(P)
    Y[torch.arange(N), y] = 1.0
    dlogits = (P - Y) / C  # <- wrong
    return X.T @ dlogits


def grad_fixed(X, W, y):
    logits = X @ W
    N, C = logits.shape
    e = torch.exp(logits - logits.max(dim=1, keepdim=True).values)
    P = e / e.sum(dim=1, keepdim=True)
    Y = torch.zeros_like(P)
    Y[torch.arange(N), y] = 1.0
    dlogits = (P - Y) / N
    return X.T @ dlogits


SPEC = dict(wrt="W", shapes={"X": (9, 5), "W": (5, 4), "y": (9,)}, draws={"y": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="m_softmax_03")
CAUSE = "wrong-divisor"
FIX = "cross_entropy averages over the N examples, not over the C classes: divide by N."
