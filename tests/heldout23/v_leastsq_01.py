"""Ordinary least squares: L = ||X w - y||^2 (sum of squared residuals, no 1/2);
X (6, 3), w (3,), y (6,).
"""


from verify import derivation


def loss(w, X, y):
    return ((X @ w - y) ** 2).sum()


def grad(w, X, y):
    r = X @ w - y
    return X.T @ r  # <- wrong


def grad_fixed(w, X, y):
    r = X @ w - y
    return 2 * X.T @ r


SPEC = dict(wrt="w", shapes={"w": (3,), "X": (6, 3), "y": (6,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_leastsq_01")
CAUSE = "square-factor"
FIX = "The loss has no 1/2, so the gradient of ||r||^2 is 2 X^T r."
