"""Matrix factorisation by the squared Frobenius error, numpy:
P = U V^T, L = sum over all entries of (P - R)^2; U (M, K), V (N, K), R (M, N).
"""

import numpy as np

from verify import derivation


def loss(U, V, R):
    return ((U @ V.T - R) ** 2).sum()


def grad(U, V, R):
    P = np.dot(U, V.T)
    dP = P - R  # <- wrong
    dU = np.dot(dP, V)
    dV = np.dot(dP.T, U)
    return dU, dV


def grad_fixed(U, V, R):
    P = np.dot(U, V.T)
    dP = 2 * (P - R)
    dU = np.dot(dP, V)
    dV = np.dot(dP.T, U)
    return dU, dV


SPEC = dict(wrt=("U", "V"),
            shapes={"U": ("M", "K"), "V": ("N", "K"), "R": ("M", "N")},
            draws={}, sizes={"M": 5, "N": 4, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_matfact_01")
CAUSE = "square-factor"
FIX = "The loss sums squares without a 1/2, so dP = 2 (P - R)."
