"""Embedding lookup, mean pooling over the sequence and a linear softmax classifier, torch:
e = E[idx] (N, T, D), p = mean_t e, logits = p W, L = cross_entropy(logits, y);
idx (4, 6) token ids < 10, E (10, 5), W (5, 3), y (4,) labels < 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(idx, y, E, W):
    return F.cross_entropy(E[idx].mean(1) @ W, y)


def grad(idx, y, E, W):
    N, T = idx.shape
    pooled = E[idx].mean(1)
    probs = torch.softmax(pooled @ W, dim=1)
    dlogits = (probs - F.one_hot(y, W.shape[1]).to(probs.dtype)) / N
    dW = pooled.T @ dlogits
    dpooled = dlogits @ W.T
    dE = torch.zeros_like(E)
    rows = (dpooled[:, None, :] / T).expand(N, T, E.shape[1]).reshape(-1, E.shape[1])
    dE.index_add_(0, idx.reshape(-1), rows)
    return dW, dE  # <- wrong


def grad_fixed(idx, y, E, W):
    N, T = idx.shape
    pooled = E[idx].mean(1)
    probs = torch.softmax(pooled @ W, dim=1)
    dlogits = (probs - F.one_hot(y, W.shape[1]).to(probs.dtype)) / N
    dW = pooled.T @ dlogits
    dpooled = dlogits @ W.T
    dE = torch.zeros_like(E)
    rows = (dpooled[:, None, :] / T).expand(N, T, E.shape[1]).reshape(-1, E.shape[1])
    dE.index_add_(0, idx.reshape(-1), rows)
    return dE, dW


SPEC = dict(wrt=("E", "W"),
            shapes={"idx": (4, 6), "y": (4,), "E": (10, 5), "W": (5, 3)},
            draws={"idx": ("labels", 10), "y": ("labels", 3)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_embed_01")
CAUSE = "return-order"
FIX = "wrt is (E, W), so the gradients are returned as dE, dW."
