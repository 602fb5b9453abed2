"""Matrix factorisation with L2 penalty, torch: R ~ P Q^T,
L = sum((R - P Q^T)^2) + lam (||P||^2 + ||Q||^2) with lam = 0.05;
R (U, I) ratings, P (U, K) user factors, Q (I, K) item factors; U = 6, I = 5, K = 3.
"""


from verify import derivation

LAM = 0.05


def loss(R, P, Q):
    E = R - P @ Q.T
    return (E ** 2).sum() + LAM * ((P ** 2).sum() + (Q ** 2).sum())


def grad(R, P, Q):
    E = R - P @ Q.T
    grad_P = -2 * E @ Q + 2 * LAM * P
    grad_Q = -E.T @ P + 2 * LAM * Q  # <- wrong
    return grad_P, grad_Q


def grad_fixed(R, P, Q):
    E = R - P @ Q.T
    grad_P = -2 * E @ Q + 2 * LAM * P
    grad_Q = -2 * E.T @ P + 2 * LAM * Q
    return grad_P, grad_Q


SPEC = dict(wrt=("P", "Q"),
            shapes={"R": ("U", "I"), "P": ("U", "K"), "Q": ("I", "K")},
            draws={}, sizes={"U": 6, "I": 5, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_mf_01")
CAUSE = "square-factor"
FIX = "The squared error differentiates to -2 E^T P for Q as it does for P, so grad_Q = -2 * E.T @ P + 2 * LAM * Q."
