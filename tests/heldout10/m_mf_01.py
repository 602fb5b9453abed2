"""Matrix factorisation of a partly observed ratings matrix with L2 regularisation, torch:
M = (obs < 0.7), L = 1/2 sum M (U V^T - R)^2 + (lam / 2)(|U|^2 + |V|^2), lam = 0.1;
U (users, k), V (items, k), R, obs (users, items) with 5 users, 5 items, k = 3.
"""

from verify import derivation

LAM = 0.1


def loss(R, obs, U, V):
    M = (obs < 0.7).to(R.dtype)
    fit = 0.5 * (M * (U @ V.T - R) ** 2).sum()
    return fit + 0.5 * LAM * ((U ** 2).sum() + (V ** 2).sum())


def grad(R, obs, U, V):
    M = (obs < 0.7).to(R.dtype)
    E = M * (U @ V.T - R)
    dU = E @ V + LAM * U
    dV = E.T @ U + LAM * V
    return dV, dU  # <- wrong


def grad_fixed(R, obs, U, V):
    M = (obs < 0.7).to(R.dtype)
    E = M * (U @ V.T - R)
    dU = E @ V + LAM * U
    dV = E.T @ U + LAM * V
    return dU, dV


SPEC = dict(wrt=("U", "V"),
            shapes={"R": ("users", "items"), "obs": ("users", "items"), "U": ("users", "k"),
                    "V": ("items", "k")},
            draws={"obs": ("uniform", 0.0, 1.0)}, sizes={"users": 5, "items": 5, "k": 3})
case = derivation(loss, grad, **SPEC, name="m_mf_01")
CAUSE = "return-order"
FIX = "wrt is (U, V): return dU, dV."
