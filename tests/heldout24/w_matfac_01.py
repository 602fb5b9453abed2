"""Matrix factorisation of a square rating matrix with L2 regularisation:
E = U V^T - R, L = 1/2 ||E||^2 + lam/2 (||U||^2 + ||V||^2) with lam = 0.05;
U (M, K), V (M, K), R (M, M).
"""


from verify import derivation

LAM = 0.05


def loss(U, V, R):
    E = U @ V.T - R
    return 0.5 * (E ** 2).sum() + 0.5 * LAM * ((U ** 2).sum() + (V ** 2).sum())


def grad(U, V, R):
    E = U @ V.T - R
    dU = E @ V + LAM * U
    dV = E.T @ U + LAM * U  # <- wrong
    return dU, dV


def grad_fixed(U, V, R):
    E = U @ V.T - R
    dU = E @ V + LAM * U
    dV = E.T @ U + LAM * V
    return dU, dV


SPEC = dict(wrt=("U", "V"), shapes={"U": ("M", "K"), "V": ("M", "K"), "R": ("M", "M")}, draws={},
            sizes={"M": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="w_matfac_01")
CAUSE = "wrong-operand"
FIX = "The regulariser's gradient with respect to V is lam V."
