"""Weighted matrix factorisation (confidence-weighted ratings), numpy:
P = U V^T, L = sum_{i,j} C_ij (P_ij - R_ij)^2 (no 1/2);
U (M, K), V (P, K), R (M, P), C (M, P) positive weights, M = 4, P = 5, K = 2.
"""

import numpy as np

from verify import derivation


def loss(U, V, R, C):
    return (C * (U @ V.T - R) ** 2).sum()


def grad(U, V, R, C):
    pred = np.dot(U, V.T)
    err = pred - R
    G = C * err  # <- wrong
    dU = np.dot(G, V)
    dV = np.dot(G.T, U)
    return dU, dV


def grad_fixed(U, V, R, C):
    pred = np.dot(U, V.T)
    err = pred - R
    G = 2 * C * err
    dU = np.dot(G, V)
    dV = np.dot(G.T, U)
    return dU, dV


SPEC = dict(wrt=("U", "V"),
            shapes={"U": ("M", "K"), "V": ("P", "K"), "R": ("M", "P"), "C": ("M", "P")},
            draws={"C": ("uniform", 0.5, 2.0)}, sizes={"M": 4, "P": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_matfac_01")
CAUSE = "square-factor"
FIX = "The weighted square has no 1/2, so dL/dP = 2 C (P - R)."
