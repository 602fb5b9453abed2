"""Elastic-net linear regression, numpy: L = 1/(2N) ||X w - y||^2 + l1 ||w||_1 + l2 ||w||^2
with l1 = 0.3, l2 = 0.2 (the L1 part taken as its subgradient sign(w));
w (6,), X (15, 6), y (15,).
"""

import numpy as np

from verify import derivation

L1 = 0.3
L2 = 0.2


def loss(w, X, y):
    r = X @ w - y
    return 0.5 * (r ** 2).mean() + L1 * w.abs().sum() + L2 * (w ** 2).sum()


def grad(w, X, y):
    N = X.shape[0]
    r = X.dot(w) - y
    data = X.T.dot(r) / N
    penalty = 2 * L2 * w  # <- wrong
    return data + penalty


def grad_fixed(w, X, y):
    N = X.shape[0]
    r = X.dot(w) - y
    data = X.T.dot(r) / N
    penalty = L1 * np.sign(w) + 2 * L2 * w
    return data + penalty


SPEC = dict(numpy=True, wrt="w", shapes={"w": (6,), "X": (15, 6), "y": (15,)})
case = derivation(loss, grad, **SPEC, name="m_reg_02")
CAUSE = "missing-term"
FIX = "The elastic-net penalty has an L1 part too, whose (sub)gradient l1 * sign(w) must be added."
