"""Matrix factorisation on the observed entries with weight decay, numpy:
E = mask * (U V^T - R), L = 1/2 sum E^2 + lambda/2 (||U||^2 + ||V||^2) with lambda = 0.1;
R (M, N), mask (M, N) in {0, 1}, U (M, K), V (N, K) with M = N = 4, K = 2.
"""

import numpy as np

from verify import derivation

LAM = 0.1


def loss(R, mask, U, V):
    E = mask * (U @ V.T - R)
    return 0.5 * (E ** 2).sum() + 0.5 * LAM * ((U ** 2).sum() + (V ** 2).sum())


def grad(R, mask, U, V):
    R, mask, U, V = (np.asarray(a, dtype=float) for a in (R, mask, U, V))
    pred = U @ V.T
    E = mask * (pred - R)
    dU = E @ V + LAM * U
    dV = E.T @ U + LAM * U  # <- wrong
    return dU, dV


def grad_fixed(R, mask, U, V):
    R, mask, U, V = (np.asarray(a, dtype=float) for a in (R, mask, U, V))
    pred = U @ V.T
    E = mask * (pred - R)
    dU = E @ V + LAM * U
    dV = E.T @ U + LAM * V
    return dU, dV


SPEC = dict(wrt=("U", "V"),
            shapes={"R": ("M", "N"), "mask": ("M", "N"), "U": ("M", "K"), "V": ("N", "K")},
            draws={"mask": ("labels", 2)}, sizes={"M": 4, "N": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_matfact_01")
CAUSE = "wrong-operand"
FIX = "V's weight decay is lambda V, not lambda U."
