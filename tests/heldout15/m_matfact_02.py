"""Matrix factorisation of a square ratings matrix with a half squared error, numpy:
L = 1/2 sum (U V^T - R)^2; U (4, 3), V (4, 3), R (4, 4).
"""

import numpy as np

from verify import derivation


def loss(U, V, R):
    return 0.5 * ((U @ V.T - R) ** 2).sum()


def grad(U, V, R):
    E = np.dot(U, V.T) - R
    dU = np.dot(E, V)
    dV = np.dot(E.T, V)  # <- wrong
    return dU, dV


def grad_fixed(U, V, R):
    E = np.dot(U, V.T) - R
    dU = np.dot(E, V)
    dV = np.dot(E.T, U)
    return dU, dV


SPEC = dict(wrt=("U", "V"), shapes={"U": (4, 3), "V": (4, 3), "R": (4, 4)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_matfact_02")
CAUSE = "wrong-operand"
FIX = "V is multiplied by U in U V^T, so dV = E^T U."
