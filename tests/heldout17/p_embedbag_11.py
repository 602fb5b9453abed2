"""Mean-pooled embedding bag, numpy loops: h_b = 1/L sum_l E[ids[b, l]], L = sum(G * h);
ids (2, 3) integer ids in 0..6, E (7, 4) the table, G (2, 4).
"""

import numpy as np

from verify import derivation


def loss(ids, E, G):
    return (G * E[ids].mean(dim=1)).sum()


def grad(ids, E, G):
    dE = np.zeros_like(E)
    B, L = ids.shape
    for b in range(B):
        for l in range(L):
            dE[ids[b, l]] += G[b] / len(E)  # <- wrong
    return dE


def grad_fixed(ids, E, G):
    dE = np.zeros_like(E)
    B, L = ids.shape
    for b in range(B):
        for l in range(L):
            dE[ids[b, l]] += G[b] / L
    return dE


SPEC = dict(wrt="E", shapes={"ids": (2, 3), "E": (7, 4), "G": (2, 4)}, draws={"ids": ("labels", 7)})
case = derivation(loss, grad, **SPEC, name="p_embedbag_11")
CAUSE = "wrong-divisor"
FIX = "Each bag is a mean over its L = ids.shape[1] tokens, so divide by L, not by the vocabulary size len(E)."
