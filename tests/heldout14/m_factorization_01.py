"""Matrix factorisation R ~ U V^T with a squared error and L2 penalties, numpy:
E = U V^T - R, L = (1/2) ||E||_F^2 + (lambda/2)(||U||_F^2 + ||V||_F^2);
U (n, k), V (m, k), R (n, m).
"""

import numpy as np

from verify import derivation

LAM = 0.05


def loss(U, V, R):
    E = U @ V.T - R
    return 0.5 * (E ** 2).sum() + 0.5 * LAM * ((U ** 2).sum() + (V ** 2).sum())


def grad(U, V, R):
    E = np.dot(U, V.T) - R
    dU = E.dot(V) + LAM * U
    dV = E.T.dot(V) + LAM * V  # <- wrong
    return dU, dV


def grad_fixed(U, V, R):
    E = np.dot(U, V.T) - R
    dU = E.dot(V) + LAM * U
    dV = E.T.dot(U) + LAM * V
    return dU, dV


SPEC = dict(wrt=("U", "V"), shapes={"U": ("n", "k"), "V": ("m", "k"), "R": ("n", "m")},
            draws={}, sizes={"n": 4, "m": 4, "k": 2})
case = derivation(loss, grad, **SPEC, name="m_factorization_01")
CAUSE = "wrong-operand"
FIX = "V enters E through U V^T, so dV = E^T U + lambda V."
