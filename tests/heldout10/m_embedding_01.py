"""A bag-of-words encoder: the mean of the token embeddings, numpy backward with loops:
h_n = (1/L) sum_l E[idx_n,l], L_loss = sum(dout * h); E (7, D), idx (N, L) token ids,
dout (N, D) with N = 5, L = 3, D = 4 (vocabulary of 7).
"""

import numpy as np

from verify import derivation


def loss(E, idx, dout):
    return (dout * E[idx].mean(dim=1)).sum()


def grad(E, idx, dout):
    E, idx, dout = np.asarray(E), np.asarray(idx), np.asarray(dout)
    N, L = idx.shape
    D = E.shape[1]
    dE = np.zeros_like(E)
    dtok = dout / D  # <- wrong
    for n in range(N):
        for pos in range(L):
            dE[idx[n, pos]] += dtok[n]
    return dE


def grad_fixed(E, idx, dout):
    E, idx, dout = np.asarray(E), np.asarray(idx), np.asarray(dout)
    N, L = idx.shape
    D = E.shape[1]
    dE = np.zeros_like(E)
    dtok = dout / L
    for n in range(N):
        for pos in range(L):
            dE[idx[n, pos]] += dtok[n]
    return dE


SPEC = dict(wrt="E", shapes={"E": (7, "D"), "idx": ("N", "L"), "dout": ("N", "D")},
            draws={"idx": ("labels", 7)}, sizes={"N": 5, "L": 3, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_embedding_01")
CAUSE = "wrong-divisor"
FIX = "The mean runs over the L tokens of a sentence, so each token gets dout / L."
