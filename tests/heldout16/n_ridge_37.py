"""Ridge regression, half mean squared error plus an L2 penalty, numpy:
L = 1/(2N) ||X w - y||^2 + lam ||w||^2 (lam = 0.1);
X (10, 4), w (4,), y (10,).
"""

from verify import derivation

LAM = 0.1


def loss(X, w, y):
    return 0.5 * ((X @ w - y) ** 2).mean() + LAM * (w ** 2).sum()


def grad(X, w, y):
    N = len(y)
    residual = X @ w - y
    data_term = X.T @ residual / N
    reg_term = LAM * w  # <- wrong
    return data_term + reg_term


def grad_fixed(X, w, y):
    N = len(y)
    residual = X @ w - y
    data_term = X.T @ residual / N
    reg_term = 2 * LAM * w
    return data_term + reg_term


SPEC = dict(wrt="w", shapes={"X": (10, 4), "w": (4,), "y": (10,)})
case = derivation(loss, grad, **SPEC, name="n_ridge_37")
CAUSE = "wrong-coefficient"
FIX = "The derivative of lam ||w||^2 is 2 lam w, so reg_term = 2 * LAM * w."
