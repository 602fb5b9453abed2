"""Softmax cross-entropy with integer labels, torch: loss = F.cross_entropy(x, y), the mean
over the batch; x (N, C) logits, y (N,) labels, N = 4, C = 4 (as many examples as classes).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, y):
    return F.cross_entropy(x, y)


def grad(x, y):
    p = torch.softmax(x, dim=1)
    onehot = torch.eye(x.shape[1], dtype=x.dtype)[y]
    return p - onehot  # <- wrong


def grad_fixed(x, y):
    p = torch.softmax(x, dim=1)
    onehot = torch.eye(x.shape[1], dtype=x.dtype)[y]
    return (p - onehot) / x.shape[0]


SPEC = dict(wrt="x", shapes={"x": ("N", "C"), "y": ("N",)}, draws={"y": ("labels", "C")},
            sizes={"N": 4, "C": 4})
case = derivation(loss, grad, **SPEC, name="m_softmax_01")
CAUSE = "batch-mean"
FIX = "cross_entropy averages over the batch, so dx = (softmax(x) - onehot(y)) / N."
