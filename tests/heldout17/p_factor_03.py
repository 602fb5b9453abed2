"""Weighted matrix factorisation, torch: P = U V^T,
L = 1/2 sum(C * (P - R)^2) + lam/2 (||U||^2 + ||V||^2), lam = 0.3;
U (A, K), V (B, K), R (A, B), C (A, B) confidences in (0.1, 0.9); sizes A = 5, B = 4, K = 3.
"""


from verify import derivation

LAM = 0.3


def loss(U, V, R, C):
    P = U @ V.T
    return 0.5 * (C * (P - R) ** 2).sum() + LAM / 2 * (U.pow(2).sum() + V.pow(2).sum())


def grad(U, V, R, C):
    E = C * (U @ V.T - R)
    decay = 2 * LAM  # <- wrong
    dU = E @ V + decay * U
    dV = E.T @ U + decay * V
    return dU, dV


def grad_fixed(U, V, R, C):
    E = C * (U @ V.T - R)
    decay = LAM
    dU = E @ V + decay * U
    dV = E.T @ U + decay * V
    return dU, dV


SPEC = dict(wrt=("U", "V"),
            shapes={"U": ("A", "K"), "V": ("B", "K"), "R": ("A", "B"), "C": ("A", "B")},
            sizes={"A": 5, "B": 4, "K": 3}, draws={"C": "uniform"})
case = derivation(loss, grad, **SPEC, name="p_factor_03")
CAUSE = "square-factor"
FIX = "The regulariser is lam/2 ||U||^2, so weight decay adds lam U, not 2 lam U."
