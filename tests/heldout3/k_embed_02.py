"""Scaled token embeddings plus learned positional embeddings in numpy (transformer input):
h[n, t] = sqrt(D) E[ids[n, t]] + P[t], L = sum(dout * h); ids (N, T) = (4, 4) in 0..6,
E (7, 3), P (4, 3), dout (4, 4, 3): the batch N equals the sequence length T.
"""

import math

import numpy as np

from verify import derivation


def loss(E, P, ids, dout):
    return (dout * (E[ids] * math.sqrt(E.shape[1]) + P)).sum()


def grad(E, P, ids, dout):
    scale = np.sqrt(E.shape[1])
    dE = np.zeros_like(E)
    np.add.at(dE, ids, dout * scale)
    dP = dout.sum(axis=1)  # <- wrong
    return dE, dP


def grad_fixed(E, P, ids, dout):
    scale = np.sqrt(E.shape[1])
    dE = np.zeros_like(E)
    np.add.at(dE, ids, dout * scale)
    dP = dout.sum(axis=0)
    return dE, dP


SPEC = dict(wrt=("E", "P"), shapes={"E": (7, 3), "P": (4, 3), "ids": (4, 4), "dout": (4, 4, 3)},
            draws={"ids": ("labels", 7)})
case = derivation(loss, grad, **SPEC, name="k_embed_02")
CAUSE = "reduction-axis"
FIX = "P[t] is shared by every sequence in the batch, so dP sums dout over the batch axis 0."
