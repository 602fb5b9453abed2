"""A language-model toy with tied input and output embeddings, torch:
h = E[idx] W, scores = h E^T, L = cross_entropy(scores, y);
idx (6,) in 0..7, E (8, 4), W (4, 4), y (6,) in 0..7.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(idx, E, W, y):
    return F.cross_entropy(E[idx] @ W @ E.T, y)


def grad(idx, E, W, y):
    N = idx.shape[0]
    V = E.shape[0]
    emb = E[idx]
    h = emb @ W
    scores = h @ E.T
    dscores = (torch.softmax(scores, dim=1) - F.one_hot(y, V).to(scores.dtype)) / N
    dh = dscores @ E
    dW = emb.T @ dh
    demb = dh @ W.T
    dE = dscores.T @ h  # <- wrong
    return dE, dW


def grad_fixed(idx, E, W, y):
    N = idx.shape[0]
    V = E.shape[0]
    emb = E[idx]
    h = emb @ W
    scores = h @ E.T
    dscores = (torch.softmax(scores, dim=1) - F.one_hot(y, V).to(scores.dtype)) / N
    dh = dscores @ E
    dW = emb.T @ dh
    demb = dh @ W.T
    dE = dscores.T @ h + torch.zeros_like(E).index_add(0, idx, demb)
    return dE, dW


SPEC = dict(wrt=("E", "W"), shapes={"idx": (6,), "E": (8, 4), "W": (4, 4), "y": (6,)},
            draws={"idx": ("labels", 8), "y": ("labels", 8)})
case = derivation(loss, grad, **SPEC, name="m_embed_02")
CAUSE = "missing-term"
FIX = "E is used twice, as the lookup table and as the output layer, so dE sums both paths."
