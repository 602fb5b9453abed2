"""Regularised matrix factorisation with as many users as items, numpy with a loop over entries:
L = 1/2 sum_{i,j} (U_i . V_j - R_ij)^2 + lam/2 (||U||^2 + ||V||^2), lam = 0.1;
U (5, 2), V (5, 2), R (5, 5); asked: (dL/dU, dL/dV).
"""

import numpy as np

from verify import derivation

LAM = 0.1


def loss(U, V, R):
    return 0.5 * ((U @ V.T - R) ** 2).sum() + 0.5 * LAM * ((U ** 2).sum() + (V ** 2).sum())


def grad(U, V, R):
    dU = np.zeros_like(U)
    dV = np.zeros_like(V)
    for i in range(R.shape[0]):
        for j in range(R.shape[1]):
            e = U[i] @ V[j] - R[i, j]
            dV[j] += e * U[i]
            dU[i] += e * V[j]
    dV += LAM * V
    dU += LAM * U
    return dV, dU  # <- wrong


def grad_fixed(U, V, R):
    dU = np.zeros_like(U)
    dV = np.zeros_like(V)
    for i in range(R.shape[0]):
        for j in range(R.shape[1]):
            e = U[i] @ V[j] - R[i, j]
            dV[j] += e * U[i]
            dU[i] += e * V[j]
    dV += LAM * V
    dU += LAM * U
    return dU, dV


SPEC = dict(wrt=("U", "V"), shapes={"U": (5, 2), "V": (5, 2), "R": (5, 5)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_matfac_02")
CAUSE = "return-order"
FIX = "wrt is (U, V): return dU, dV."
