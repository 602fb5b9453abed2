"""An embedding lookup with repeated token ids followed by a linear read-out, numpy:
h_n = E[idx_n], y = h W, L = 1/2 sum_{n,k} (y_nk - t_nk)^2;
E (4, 3) embedding table, idx (6,) ids in 0..3, W (3, 2), t (6, 2).
"""

import numpy as np

from verify import derivation


def loss(E, idx, W, t):
    return 0.5 * ((E[idx] @ W - t) ** 2).sum()


def grad(E, idx, W, t):
    h = E[idx]
    dy = h @ W - t
    dW = h.T @ dy
    dh = dy @ W.T
    dE = np.zeros_like(E)
    dE[idx] += dh  # <- wrong
    return dE, dW


def grad_fixed(E, idx, W, t):
    h = E[idx]
    dy = h @ W - t
    dW = h.T @ dy
    dh = dy @ W.T
    dE = np.zeros_like(E)
    np.add.at(dE, idx, dh)
    return dE, dW


SPEC = dict(wrt=("E", "W"), shapes={"E": (4, 3), "idx": (6,), "W": (3, 2), "t": (6, 2)},
            draws={"idx": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="m_embedding_01")
CAUSE = "missing-term"
FIX = "A row looked up several times collects every one of its gradients: np.add.at(dE, idx, dh)."
