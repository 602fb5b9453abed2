"""Matrix factorisation on the observed entries with an L2 penalty, numpy:
L = sum_{ij} M_ij (U V^T - R)_ij^2 + lam (||U||^2 + ||V||^2), lam = 0.1;
R (m, n), M (m, n) observed mask in {0, 1}, U (m, k), V (n, k), m = 6, n = 5, k = 2.
"""

import numpy as np

from verify import derivation

LAM = 0.1


def loss(R, M, U, V):
    E = M.to(U.dtype) * (U @ V.T - R)
    return (E * (U @ V.T - R)).sum() + LAM * ((U ** 2).sum() + (V ** 2).sum())


def grad(R, M, U, V):
    R, U, V = np.asarray(R), np.asarray(U), np.asarray(V)
    E = np.asarray(M) * (U @ V.T - R)
    dU = 2 * E @ V + 2 * LAM * U
    dV = 2 * E.T @ U + LAM * V  # <- wrong
    return dU, dV


def grad_fixed(R, M, U, V):
    R, U, V = np.asarray(R), np.asarray(U), np.asarray(V)
    E = np.asarray(M) * (U @ V.T - R)
    dU = 2 * E @ V + 2 * LAM * U
    dV = 2 * E.T @ U + 2 * LAM * V
    return dU, dV


SPEC = dict(wrt=("U", "V"),
            shapes={"R": ("m", "n"), "M": ("m", "n"), "U": ("m", "k"), "V": ("n", "k")},
            draws={"M": ("labels", 2)}, sizes={"m": 6, "n": 5, "k": 2})
case = derivation(loss, grad, **SPEC, name="m_mf_01")
CAUSE = "square-factor"
FIX = "lam ||V||^2 differentiates to 2 lam V, as it does for U."
