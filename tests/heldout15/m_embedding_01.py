"""An embedding with tied input and output weights, with repeated token ids, numpy:
x_n = E[idx_n], Z = x E^T, L = mean_n CE(Z_n, Y_n); idx (6,) ids in 0..4, E (5, 3), Y (6, 5) one-hot.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(idx, E, Y):
    Z = E[idx] @ E.T
    return -(Y * F.log_softmax(Z, dim=1)).sum(1).mean()


def grad(idx, E, Y):
    N = len(idx)
    x = E[idx]
    Z = x @ E.T
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    dZ = (P - Y) / N
    dx = dZ @ E
    dE_in = np.zeros_like(E)
    np.add.at(dE_in, idx, dx)
    dE_out = dZ.T @ x
    dE = dE_out  # <- wrong
    return dE


def grad_fixed(idx, E, Y):
    N = len(idx)
    x = E[idx]
    Z = x @ E.T
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    dZ = (P - Y) / N
    dx = dZ @ E
    dE_in = np.zeros_like(E)
    np.add.at(dE_in, idx, dx)
    dE_out = dZ.T @ x
    dE = dE_out + dE_in
    return dE


SPEC = dict(wrt="E", shapes={"idx": (6,), "E": (5, 3), "Y": (6, 5)},
            draws={"idx": ("labels", 5), "Y": "onehot"})
case = derivation(loss, grad, **SPEC, name="m_embedding_01")
CAUSE = "missing-term"
FIX = "E is used twice (lookup and output projection), so dE = dE_out + dE_in."
