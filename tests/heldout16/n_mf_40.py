"""Weighted matrix factorisation (confidence weights C), as many users as items, numpy:
L = 1/2 sum_{u,i} C_ui (U_u . V_i - R_ui)^2 + lam/2 (||U||^2 + ||V||^2) (lam = 0.1);
U (5, 3), V (5, 3), R (5, 5), C (5, 5) in (0, 1).
"""

from verify import derivation

LAM = 0.1


def loss(U, V, R, C):
    E = U @ V.T - R
    return 0.5 * (C * E ** 2).sum() + 0.5 * LAM * ((U ** 2).sum() + (V ** 2).sum())


def grad(U, V, R, C):
    E = C * (U @ V.T - R)            # weighted errors, users x items
    dU = E @ U + LAM * U  # <- wrong
    dV = E.T @ U + LAM * V
    return dU, dV


def grad_fixed(U, V, R, C):
    E = C * (U @ V.T - R)            # weighted errors, users x items
    dU = E @ V + LAM * U
    dV = E.T @ U + LAM * V
    return dU, dV


SPEC = dict(wrt=("U", "V"), shapes={"U": (5, 3), "V": (5, 3), "R": (5, 5), "C": (5, 5)},
            draws={"C": ("uniform", 0.0, 1.0)})
case = derivation(loss, grad, **SPEC, name="n_mf_40")
CAUSE = "wrong-operand"
FIX = "A user's factors are pulled along the item factors they are multiplied with, so dU = E @ V + LAM * U."
