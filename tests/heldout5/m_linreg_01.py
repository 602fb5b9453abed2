"""Least squares for linear regression, numpy: L(w) = ||X w - y||^2 (a plain sum of squares,
no 1/2), whose zero gradient gives the closed form w* = (X^T X)^{-1} X^T y; the gradient is
written out to run gradient descent instead; X (12, 4), w (4,), y (12,).
"""

from verify import derivation


def loss(w, X, y):
    r = X @ w - y
    return (r * r).sum()


def grad(w, X, y):
    r = X @ w - y
    g = X.T @ r  # <- wrong
    return g


def grad_fixed(w, X, y):
    r = X @ w - y
    g = 2 * X.T @ r
    return g


SPEC = dict(numpy=True, wrt="w", shapes={"w": (4,), "X": (12, 4), "y": (12,)})
case = derivation(loss, grad, **SPEC, name="m_linreg_01")
CAUSE = "square-factor"
FIX = "The gradient of ||X w - y||^2 is 2 X^T (X w - y); the 2 only cancels when setting it to zero."
