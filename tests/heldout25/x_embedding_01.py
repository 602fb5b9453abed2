"""Embedding lookup with a backward that scatters the upstream gradient into the table:
out = E[ids], L = sum(dout * out); E (5, 3), ids (6,) token ids, dout (6, 3).
"""

import numpy as np

from verify import derivation


def loss(E, ids, dout):
    return (dout * E[ids]).sum()


class Embedding:
    def __init__(self, E):
        self.E = E
        self.ids = None

    def forward(self, ids):
        self.ids = ids
        return self.E[ids]

    def backward(self, dout):
        dE = np.zeros_like(self.E)
        dE[self.ids] += dout  # <- wrong
        return dE


class EmbeddingFixed(Embedding):
    def backward(self, dout):
        dE = np.zeros_like(self.E)
        np.add.at(dE, self.ids, dout)
        return dE


def grad(E, ids, dout):
    emb = Embedding(E)
    emb.forward(ids)
    return emb.backward(dout)


def grad_fixed(E, ids, dout):
    emb = EmbeddingFixed(E)
    emb.forward(ids)
    return emb.backward(dout)


SPEC = dict(wrt="E", shapes={"E": (5, 3), "ids": (6,), "dout": (6, 3)}, draws={"ids": ("labels", 5)},
            sizes={})
case = derivation(loss, grad, **SPEC, name="x_embedding_01")
CAUSE = "missing-term"
FIX = "A token that occurs several times must receive the sum of its rows of dout: use np.add.at(dE, ids, dout)."
