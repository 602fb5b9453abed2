"""A bigram language model with tied embeddings, numpy: the same matrix E embeds the input
token and projects back to the vocabulary, h = E[ids], logits = h E^T, mean cross-entropy;
E (11, 6), ids (7,) and targets (7,) token ids in 0..10.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(E, ids, targets):
    h = E[ids]
    return F.cross_entropy(h @ E.T, targets)


def grad(E, ids, targets):
    N = ids.shape[0]
    h = E[ids]
    logits = h @ E.T
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    dlogits = p.copy()
    dlogits[np.arange(N), targets] -= 1
    dlogits /= N
    dh = dlogits @ E
    dE = np.zeros_like(E)  # <- wrong
    np.add.at(dE, ids, dh)
    return dE


def grad_fixed(E, ids, targets):
    N = ids.shape[0]
    h = E[ids]
    logits = h @ E.T
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    dlogits = p.copy()
    dlogits[np.arange(N), targets] -= 1
    dlogits /= N
    dh = dlogits @ E
    dE = dlogits.T @ h
    np.add.at(dE, ids, dh)
    return dE


SPEC = dict(numpy=True, wrt="E", shapes={"E": (11, 6), "ids": (7,), "targets": (7,)},
            draws={"ids": ("labels", 11), "targets": ("labels", 11)})
case = derivation(loss, grad, **SPEC, name="m_embed_01")
CAUSE = "missing-term"
FIX = "E is used twice (lookup and output projection), so dE starts from dlogits^T h before the scatter."
