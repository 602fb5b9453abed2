"""Ridge regression: E = ||X w - y||^2 + lam ||w||^2 with lam = 0.1; X (N, D), w (D,), y (N,)."""


from verify import derivation

LAM = 0.1


def loss(w, X, y):
    return ((X @ w - y) ** 2).sum() + LAM * (w ** 2).sum()


def grad(w, X, y):
    r = X @ w - y
    dw = X.T @ r + 2 * LAM * w  # <- wrong
    return dw


def grad_fixed(w, X, y):
    r = X @ w - y
    dw = 2 * X.T @ r + 2 * LAM * w
    return dw


SPEC = dict(wrt="w", shapes={"w": ("D",), "X": ("N", "D"), "y": ("N",)}, draws={},
            sizes={"N": 2, "D": 3})
case = derivation(loss, grad, **SPEC, name="w_ridge_01")
CAUSE = "square-factor"
FIX = "The data term is a plain squared norm, so its gradient is 2 X^T (X w - y)."
