"""An embedding lookup followed by a linear classifier, numpy:
scores = E[idx] W, L = cross_entropy(scores, y) averaged over the batch;
idx (7,) in 0..9, E (10, 4), W (4, 3), y (7,) in 0..2.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(idx, E, W, y):
    return F.cross_entropy(E[idx] @ W, y)


def grad(idx, E, W, y):
    N = idx.shape[0]
    C = W.shape[1]
    emb = E[idx]
    scores = emb.dot(W)
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    onehot = np.eye(C)[y]
    dscores = probs - onehot  # <- wrong
    dW = emb.T.dot(dscores)
    demb = dscores.dot(W.T)
    dE = np.zeros_like(E)
    np.add.at(dE, idx, demb)
    return dE, dW


def grad_fixed(idx, E, W, y):
    N = idx.shape[0]
    C = W.shape[1]
    emb = E[idx]
    scores = emb.dot(W)
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    onehot = np.eye(C)[y]
    dscores = (probs - onehot) / N
    dW = emb.T.dot(dscores)
    demb = dscores.dot(W.T)
    dE = np.zeros_like(E)
    np.add.at(dE, idx, demb)
    return dE, dW


SPEC = dict(wrt=("E", "W"), shapes={"idx": (7,), "E": (10, 4), "W": (4, 3), "y": (7,)},
            draws={"idx": ("labels", 10), "y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="m_embed_01")
CAUSE = "batch-mean"
FIX = "cross_entropy averages over the batch, so dscores = (probs - onehot) / N."
