"""An embedding table regressed onto targets with the mean squared distance, numpy:
e_n = E[idx_n], L = 1/N sum_n ||e_n - t_n||^2; E (V, D), idx (N,) in 0 .. V - 1, t (N, D)
with V = 6, D = 3, N = 4.
"""

import numpy as np

from verify import derivation


def loss(E, idx, t):
    return ((E[idx] - t) ** 2).sum() / idx.shape[0]


def grad(E, idx, t):
    E = np.asarray(E)
    idx = np.asarray(idx).astype(np.int64)
    t = np.asarray(t)
    looked_up = E[idx]
    diff = looked_up - t
    drows = 2.0 * diff / len(E)  # <- wrong
    dE = np.zeros_like(E)
    np.add.at(dE, idx, drows)
    return dE


def grad_fixed(E, idx, t):
    E = np.asarray(E)
    idx = np.asarray(idx).astype(np.int64)
    t = np.asarray(t)
    looked_up = E[idx]
    diff = looked_up - t
    drows = 2.0 * diff / len(idx)
    dE = np.zeros_like(E)
    np.add.at(dE, idx, drows)
    return dE


SPEC = dict(wrt="E", shapes={"E": ("V", "D"), "idx": ("N",), "t": ("N", "D")},
            draws={"idx": ("labels", 6)}, sizes={"V": 6, "D": 3, "N": 4})
case = derivation(loss, grad, **SPEC, name="m_embedding_01")
CAUSE = "wrong-divisor"
FIX = "The mean is over the N looked-up rows, so divide by len(idx), not by the table size."
