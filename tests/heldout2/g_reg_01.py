"""Ridge regression in torch: the mean squared error plus an L2 penalty lam ||w||^2,
L = 1/n ||X w - y||^2 + lam ||w||^2 with lam = 0.5; X (n, d), w (d,), y (n,).
"""

from verify import derivation

LAM = 0.5


def loss(w, X, y):
    return ((X @ w - y) ** 2).mean() + LAM * (w ** 2).sum()


def grad(w, X, y):
    n = X.shape[0]
    residual = X @ w - y
    data_grad = 2.0 / n * (X.T @ residual)
    penalty_grad = LAM * w  # <- wrong
    return data_grad + penalty_grad


def grad_fixed(w, X, y):
    n = X.shape[0]
    residual = X @ w - y
    data_grad = 2.0 / n * (X.T @ residual)
    penalty_grad = 2.0 * LAM * w
    return data_grad + penalty_grad


SPEC = dict(wrt="w", shapes={"w": ("d",), "X": ("n", "d"), "y": ("n",)},
            sizes={"n": 7, "d": 3})
case = derivation(loss, grad, **SPEC, name="g_reg_01")
CAUSE = "square-factor"
FIX = "d(lam ||w||^2)/dw = 2 lam w: the penalty has no 1/2 in front, so the 2 stays."
