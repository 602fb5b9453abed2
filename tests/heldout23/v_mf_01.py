"""Matrix factorisation on the observed entries of a ratings matrix:
E = M * (P Q^T - R), L = 1/2 sum E^2;
P (U, K) user factors, Q (I, K) item factors, R (U, I), M (U, I) 0/1 mask; U = 4, I = 4, K = 2.
"""


from verify import derivation


def loss(P, Q, R, M):
    return 0.5 * ((M * (P @ Q.T - R)) ** 2).sum()


def grad(P, Q, R, M):
    E = M * (P @ Q.T - R)
    dP = E @ Q
    dQ = E.T @ Q  # <- wrong
    return dP, dQ


def grad_fixed(P, Q, R, M):
    E = M * (P @ Q.T - R)
    dP = E @ Q
    dQ = E.T @ P
    return dP, dQ


SPEC = dict(wrt=("P", "Q"), shapes={"P": ("U", "K"), "Q": ("I", "K"), "R": ("U", "I"), "M": ("U", "I")},
            draws={"M": ("labels", 2)}, sizes={"U": 4, "I": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="v_mf_01")
CAUSE = "wrong-operand"
FIX = "The item factors' gradient multiplies the error by the user factors: dQ = E^T P."
