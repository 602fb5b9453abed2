"""An embedding lookup followed by a linear read-out with the halved squared error:
h_n = E[ids_n], s_n = h_n . w, L = 1/2 sum_n (s_n - t_n)^2;
E (V, D), w (D,), ids (N,) token ids in 0..V-1, t (N,); V = 5, D = 3, N = 4.
"""

import numpy as np

from verify import derivation


def loss(E, w, ids, t):
    return 0.5 * ((E[ids] @ w - t) ** 2).sum()


def grad(E, w, ids, t):
    h = E[ids]
    r = h @ w - t
    dw = h.T @ r
    dh = np.outer(r, w)
    dE = np.zeros_like(E)
    for n in range(len(ids)):
        dE[n] += dh[n]  # <- wrong
    return dE, dw


def grad_fixed(E, w, ids, t):
    h = E[ids]
    r = h @ w - t
    dw = h.T @ r
    dh = np.outer(r, w)
    dE = np.zeros_like(E)
    for n in range(len(ids)):
        dE[ids[n]] += dh[n]
    return dE, dw


SPEC = dict(wrt=("E", "w"), shapes={"E": ("V", "D"), "w": ("D",), "ids": ("N",), "t": ("N",)},
            draws={"ids": ("labels", 5)}, sizes={"V": 5, "D": 3, "N": 4})
case = derivation(loss, grad, **SPEC, name="v_embedding_01")
CAUSE = "wrong-operand"
FIX = "Row n of dh belongs to the embedding row that was looked up, dE[ids[n]]."
